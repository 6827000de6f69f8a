import { describe, expect, it } from 'vitest';
import { parseReferral } from '../../functions/domain/referral-schema';
import { decide, type Decision } from '../../functions/domain/triage/evaluate';
import { treeByVersion } from '../../functions/domain/triage/trees';
import { referral } from '../support/referral';

type Changes = Parameters<typeof referral>[0];

function triage(changes: Changes): Decision {
  const parsed = parseReferral(referral(changes));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return decide(treeByVersion('rotterdam-v1'), parsed.value);
}

interface Vignette {
  story: string;
  facts: Changes;
  destination: Decision['destination'];
  ward?: Decision['ward'];
  flags?: string[];
  rule: string;
}

const specialist = { medicalSpecialistCareNeeded: true };
const aloneNoCarer = { livesAlone: true, informalCarerAvailable: false };

const vignettes: Record<string, Vignette[]> = {
  'rule 1: life-threatening goes to 112, whatever else is true': [
    { story: 'a 91-year-old found on the floor, ABCDE unstable', facts: { presentation: { lifeThreatening: true, urgency: 'U2' } }, destination: 'call_112', rule: 'R1' },
    { story: 'urgency U1 with stable vitals', facts: { presentation: { urgency: 'U1', clinicallyStable: true, lifeThreatening: false } }, destination: 'call_112', rule: 'R1' },
    { story: 'ABCDE unstable with an ACP wish of no hospital admission', facts: { acp: { noHospitalAdmission: true }, presentation: { lifeThreatening: true } }, destination: 'call_112', rule: 'R1' },
    { story: 'U1 although every other fact points home', facts: { presentation: { urgency: 'U1', safeAtHomeWithSupport: true } }, destination: 'call_112', rule: 'R1' },
  ],
  'rule 2, first branch: low complex, stable, a wijkkliniek condition': [
    { story: 'an 86-year-old with pneumonia', facts: { presentation: { ...specialist, condition: 'pneumonia' } }, destination: 'wijkkliniek', flags: [], rule: 'R2a' },
    { story: 'a COPD exacerbation', facts: { presentation: { ...specialist, condition: 'copd_exacerbation' } }, destination: 'wijkkliniek', rule: 'R2a' },
    { story: 'decompensated heart failure', facts: { presentation: { ...specialist, condition: 'heart_failure' } }, destination: 'wijkkliniek', rule: 'R2a' },
    { story: 'hyponatraemia (electrolyte disorder)', facts: { presentation: { ...specialist, condition: 'electrolyte_disorder' } }, destination: 'wijkkliniek', rule: 'R2a' },
    { story: 'a urinary tract infection', facts: { presentation: { ...specialist, condition: 'urinary_tract_infection' } }, destination: 'wijkkliniek', rule: 'R2a' },
    { story: 'pneumonia with an ACP wish of no hospital admission: flagged for confirmation', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, condition: 'pneumonia' } }, destination: 'wijkkliniek', flags: ['acp_confirm'], rule: 'R2a' },
    { story: 'a UTI in someone living alone without a carer', facts: { patient: aloneNoCarer, presentation: { ...specialist, condition: 'urinary_tract_infection', safeAtHomeWithSupport: false } }, destination: 'wijkkliniek', flags: [], rule: 'R2a' },
  ],
  'rule 2, second branch: no hospital wish, safe at home': [
    { story: 'high complex care, ACP no hospital, safe at home', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, complexity: 'high', condition: 'pneumonia' } }, destination: 'home', flags: ['so_consultation', 'acp_no_hospital'], rule: 'R2b' },
    { story: 'unstable, ACP no hospital, psychogeriatric crisis at home with a partner', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, clinicallyStable: false, psychogeriatricCrisis: true } }, destination: 'home', flags: ['so_consultation', 'acp_no_hospital', 'fact_vvt'], rule: 'R2b' },
    { story: 'a condition outside the wijkkliniek list, ACP no hospital, safe at home', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, condition: 'other' } }, destination: 'home', rule: 'R2b' },
  ],
  'rule 2, second branch: no hospital wish, not safe at home': [
    { story: 'high complex, ACP no hospital, not manageable at home', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, complexity: 'high', safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'somatiek', flags: ['so_consultation', 'acp_no_hospital'], rule: 'R2c' },
    { story: 'ACP no hospital, alone without a carer and delirious: never home', facts: { patient: aloneNoCarer, acp: { noHospitalAdmission: true }, presentation: { ...specialist, complexity: 'high', delirium: true } }, destination: 'herstelkliniek', ward: 'delier', flags: ['so_consultation', 'acp_no_hospital', 'not_home_alone'], rule: 'R2c' },
    { story: 'ACP no hospital, not safe at home, needs rehabilitation', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, clinicallyStable: false, rehabilitationNeed: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'grz', rule: 'R2c' },
    { story: 'ACP no hospital, psychogeriatric crisis, not safe at home', facts: { acp: { noHospitalAdmission: true }, presentation: { ...specialist, complexity: 'high', psychogeriatricCrisis: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'gedrag', rule: 'R2c' },
  ],
  'rule 2, third branch: otherwise the SEH': [
    { story: 'high complex care', facts: { presentation: { ...specialist, complexity: 'high', condition: 'pneumonia' } }, destination: 'seh', flags: [], rule: 'R2d' },
    { story: 'low complex but clinically unstable', facts: { presentation: { ...specialist, clinicallyStable: false, condition: 'heart_failure' } }, destination: 'seh', rule: 'R2d' },
    { story: 'low complex and stable but a condition not on the wijkkliniek list', facts: { presentation: { ...specialist, condition: 'other' } }, destination: 'seh', rule: 'R2d' },
    { story: 'specialist need outranks being safe at home', facts: { presentation: { ...specialist, complexity: 'high', safeAtHomeWithSupport: true } }, destination: 'seh', rule: 'R2d' },
  ],
  'rule 3: a knik in functioning with an unclear cause': [
    { story: 'declining for a week, the GP cannot tell why', facts: { presentation: { functionalDecline: true, causeUnclear: true, safeAtHomeWithSupport: false } }, destination: 'reo_bed', flags: [], rule: 'R3' },
    { story: 'the same while still safe at home: observation comes first', facts: { presentation: { functionalDecline: true, causeUnclear: true } }, destination: 'reo_bed', rule: 'R3' },
    { story: 'a knik with a known cause, safe at home', facts: { presentation: { functionalDecline: true, causeUnclear: false } }, destination: 'home', rule: 'R4' },
    { story: 'an unclear cause without a knik, safe at home', facts: { presentation: { functionalDecline: false, causeUnclear: true } }, destination: 'home', rule: 'R4' },
  ],
  'rule 4: home with the acute district team': [
    { story: 'a fall without injury, lives with a partner', facts: {}, destination: 'home', flags: [], rule: 'R4' },
    { story: 'lives alone, a carer available, delirious', facts: { patient: { livesAlone: true, informalCarerAvailable: true }, presentation: { delirium: true } }, destination: 'home', rule: 'R4' },
    { story: 'lives alone without a carer, lucid', facts: { patient: aloneNoCarer }, destination: 'home', rule: 'R4' },
    { story: 'a psychogeriatric crisis at home, with a partner: FACT-VVT joins', facts: { presentation: { psychogeriatricCrisis: true } }, destination: 'home', flags: ['fact_vvt'], rule: 'R4' },
    { story: 'urgency U5, advice only', facts: { presentation: { urgency: 'U5' } }, destination: 'home', rule: 'R4' },
    { story: 'complexity high is ignored when no specialist care is needed', facts: { presentation: { complexity: 'high', condition: 'pneumonia' } }, destination: 'home', rule: 'R4' },
  ],
  'the safety rule: alone, no carer, delirious or in crisis is never sent home': [
    { story: 'lives alone without a carer and delirious', facts: { patient: aloneNoCarer, presentation: { delirium: true } }, destination: 'herstelkliniek', ward: 'delier', flags: ['not_home_alone'], rule: 'R5' },
    { story: 'lives alone without a carer in a psychogeriatric crisis', facts: { patient: aloneNoCarer, presentation: { psychogeriatricCrisis: true } }, destination: 'herstelkliniek', ward: 'gedrag', flags: ['not_home_alone'], rule: 'R5' },
    { story: 'lives alone without a carer, delirious and in crisis', facts: { patient: aloneNoCarer, presentation: { delirium: true, psychogeriatricCrisis: true } }, destination: 'herstelkliniek', ward: 'delier', flags: ['not_home_alone'], rule: 'R5' },
  ],
  'rule 5: herstelkliniek, ward by need': [
    { story: 'not manageable at home, no specific need', facts: { presentation: { safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'somatiek', flags: [], rule: 'R5' },
    { story: 'delirium, not manageable at home', facts: { presentation: { delirium: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'delier', flags: [], rule: 'R5' },
    { story: 'psychogeriatric crisis, carer exhausted', facts: { presentation: { psychogeriatricCrisis: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'gedrag', rule: 'R5' },
    { story: 'after a fall, needs rehabilitation', facts: { presentation: { rehabilitationNeed: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'grz', rule: 'R5' },
    { story: 'delirium and a rehabilitation need: delirium first', facts: { presentation: { delirium: true, rehabilitationNeed: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'delier', rule: 'R5' },
    { story: 'crisis and a rehabilitation need: behaviour first', facts: { presentation: { psychogeriatricCrisis: true, rehabilitationNeed: true, safeAtHomeWithSupport: false } }, destination: 'herstelkliniek', ward: 'gedrag', rule: 'R5' },
    { story: 'a HAP triagist at 03:00, U2, carer collapsed', facts: { patient: { livesAlone: false, informalCarerAvailable: false }, presentation: { urgency: 'U2', safeAtHomeWithSupport: false }, referrer: { role: 'hap_triagist', requestedAt: '2026-11-24T03:00:00+01:00' } }, destination: 'herstelkliniek', ward: 'somatiek', rule: 'R5' },
  ],
};

describe('the Rotterdam tree, version 1', () => {
  for (const [group, cases] of Object.entries(vignettes)) {
    describe(group, () => {
      for (const v of cases) {
        it(`${v.story} → ${v.destination}${v.ward ? ` (${v.ward})` : ''}`, () => {
          const d = triage(v.facts);
          expect(d.destination).toBe(v.destination);
          expect(d.ward).toBe(v.ward);
          expect(d.ruleId).toBe(v.rule);
          if (v.flags) expect(d.flags).toEqual(v.flags);
          expect(d.treeVersion).toBe('rotterdam-v1');
        });
      }
    });
  }

  it('has at least 40 vignettes', () => {
    expect(Object.values(vignettes).flat().length).toBeGreaterThanOrEqual(40);
  });
});

describe('an explanation a GP can read and a coordinator can audit', () => {
  it('names the fired rule with the condition in Dutch', () => {
    const d = triage({ presentation: { ...specialist, condition: 'pneumonia' } });
    expect(d.reasons[0]).toBe('Medisch-specialistische zorg nodig, laag complex, stabiel, pneumonie → wijkkliniek.');
    expect(d.ruleIds).toEqual(['R2a']);
  });

  it('lists the facts the fired rules read, with their values', () => {
    const d = triage({ patient: aloneNoCarer, presentation: { delirium: true } });
    expect(d.facts).toMatchObject({
      'presentation.delirium': true,
      'patient.livesAlone': true,
      'patient.informalCarerAvailable': false,
      'presentation.safeAtHomeWithSupport': true,
    });
    expect(d.ruleIds).toEqual(['R5', 'R5.ward.delier', 'R5.flag.not_home_alone']);
    expect(d.reasons).toHaveLength(3);
    expect(d.reasons[2]).toContain('Niet naar huis');
  });

  it('says why the ward was chosen', () => {
    const d = triage({ presentation: { rehabilitationNeed: true, safeAtHomeWithSupport: false } });
    expect(d.reasons).toContain('Revalidatiebehoefte → geriatrische revalidatie (GRZ).');
  });
});
