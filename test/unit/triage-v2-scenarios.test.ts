import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReferral, type Referral } from '../../functions/domain/referral-schema';
import { decisionSchema } from '../../functions/domain/case';
import { decide, type Decision } from '../../functions/domain/triage/evaluate';
import { herstelkliniekWards, treatingPhysicianByDestination } from '../../functions/domain/triage/tree-schema';
import { currentTree, treeByVersion } from '../../functions/domain/triage/trees';
import { referral } from '../support/referral';

const v1 = treeByVersion('rotterdam-v1');
const v2 = treeByVersion('rotterdam-v2');
const examples = new URL('../../examples/referrals/', import.meta.url);

type Changes = Parameters<typeof referral>[0];
const parsed = (input: unknown): Referral => {
  const r = parseReferral(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const triage = (changes: Changes = {}, tree = v2): Decision => decide(tree, parsed(referral(changes)));

interface Expected {
  rule: string;
  destination: Decision['destination'];
  ward?: Decision['ward'];
  flags: string[];
}

/**
 * The vignettes of tree v2, one file each in examples/referrals/ (`npm run triage -- --all
 * examples/referrals` decides them all): one per rule (r…), per herstelkliniek ward
 * (afdeling-…) and per new fact (feit-…).
 */
const vignettes: Record<string, Expected> = {
  'r1-u1-palliatief-met-acp.json': { rule: 'R1', destination: 'call_112', flags: ['acp_known'] },
  'r2a-palliatief-thuis-met-acp.json': { rule: 'R2a', destination: 'home', flags: ['palliative_care'] },
  'r2b-palliatief-mantelzorger-overbelast.json': { rule: 'R2b', destination: 'herstelkliniek', ward: 'palliatief', flags: ['palliative_care', 'so_consultation', 'acp_discuss'] },
  'r3-val-verdenking-heupfractuur.json': { rule: 'R3', destination: 'seh', flags: [] },
  'r4-pneumonie-iv-antibiotica-thuis.json': { rule: 'R4', destination: 'home', flags: ['ttv_treatment'] },
  'r5-urineweginfectie-wijkkliniek.json': { rule: 'R5', destination: 'wijkkliniek', flags: [] },
  'r6a-acp-hartfalen-thuis.json': { rule: 'R6a', destination: 'home', flags: ['so_consultation', 'acp_no_hospital'] },
  'r6b-acp-instabiel-herstelkliniek.json': { rule: 'R6b', destination: 'herstelkliniek', ward: 'somatiek', flags: ['so_consultation', 'acp_no_hospital'] },
  'r7-instabiel-zonder-acp-seh.json': { rule: 'R7', destination: 'seh', flags: [] },
  'r8-knik-onduidelijke-oorzaak-u4.json': { rule: 'R8', destination: 'reo_bed', flags: [] },
  'r9-thuis-alles-gevraagd.json': { rule: 'R9', destination: 'home', flags: [] },
  'r10-thuis-niet-veilig-herstelkliniek.json': { rule: 'R10', destination: 'herstelkliniek', ward: 'somatiek', flags: ['so_consultation'] },
  'afdeling-delier-alleen-zonder-mantelzorger.json': { rule: 'R10', destination: 'herstelkliniek', ward: 'delier', flags: ['so_consultation', 'not_home_alone'] },
  'afdeling-gedrag-partner-overbelast.json': { rule: 'R10', destination: 'herstelkliniek', ward: 'gedrag', flags: ['so_consultation', 'carer_support', 'not_home_alone'] },
  'afdeling-grz-revalidatie-na-val.json': { rule: 'R10', destination: 'herstelkliniek', ward: 'grz', flags: ['so_consultation'] },
  'afdeling-structuur-mantelzorger-uitgevallen.json': { rule: 'R10', destination: 'herstelkliniek', ward: 'structuur', flags: ['so_consultation', 'carer_support'] },
  'afdeling-somatiek-acp-verdenking-fractuur.json': { rule: 'R6b', destination: 'herstelkliniek', ward: 'somatiek', flags: ['so_consultation', 'acp_no_hospital'] },
  'afdeling-palliatief-acp-instabiel.json': { rule: 'R2b', destination: 'herstelkliniek', ward: 'palliatief', flags: ['palliative_care', 'so_consultation'] },
  'feit-mantelzorger-overbelast.json': { rule: 'R9', destination: 'home', flags: ['carer_support'] },
  'feit-palliatieve-fase.json': { rule: 'R2a', destination: 'home', flags: ['palliative_care', 'acp_discuss'] },
  'feit-verdenking-fractuur.json': { rule: 'R3', destination: 'seh', flags: [] },
  'feit-behandeling-thuis-maar-delier-alleen.json': { rule: 'R5', destination: 'wijkkliniek', flags: ['not_home_alone'] },
  'feit-medicatieprobleem.json': { rule: 'R9', destination: 'home', flags: ['medication_review'] },
};

const example = (file: string): Referral => parsed(JSON.parse(readFileSync(new URL(file, examples), 'utf8')));

describe('the Rotterdam tree, version 2: one vignette per rule, ward and new fact', () => {
  for (const [file, v] of Object.entries(vignettes)) {
    it(`${file} → ${v.destination}${v.ward ? ` (${v.ward})` : ''}, ${v.rule}`, () => {
      const d = decide(v2, example(file));
      expect({ rule: d.ruleId, destination: d.destination, ward: d.ward, flags: d.flags }).toEqual({ ward: undefined, ...v });
      expect(d.treatingPhysician).toBe(treatingPhysicianByDestination[v.destination]);
      expect(d.treeVersion).toBe('rotterdam-v2');
    });
  }

  it('covers every rule of v2, every herstelkliniek ward and every new fact', () => {
    const all = Object.values(vignettes);
    expect(new Set(all.map((v) => v.rule))).toEqual(new Set([...v2.rules, v2.fallback].map((r) => r.id)));
    expect(new Set(all.flatMap((v) => (v.ward ? [v.ward] : [])))).toEqual(new Set(herstelkliniekWards));
    for (const fact of Object.keys(v2.defaults)) {
      const [group, key] = fact.split('.') as [keyof Referral, string];
      const shows = Object.keys(vignettes).filter((f) => f.startsWith('feit-') && (example(f)[group] as Record<string, unknown>)[key] === true);
      expect(shows, fact).toHaveLength(1);
    }
  });

  it('has a file for each vignette, and every example is a valid referral', () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.json'));
    for (const file of Object.keys(vignettes)) expect(files).toContain(file);
    for (const file of files) expect(() => example(file)).not.toThrow();
  });
});

describe('rotterdam-v2 rule by rule', () => {
  it('is the current tree; v1 stays available for the cases it decided', () => {
    expect(currentTree.version).toBe('rotterdam-v2');
    expect(triage({}, v1).treeVersion).toBe('rotterdam-v1');
  });

  it('rule 1: 112 whatever else; an ACP wish or palliative phase is flagged, not used to skip 112', () => {
    expect(triage({ presentation: { lifeThreatening: true } })).toMatchObject({ ruleId: 'R1', destination: 'call_112', flags: [], treatingPhysician: 'none' });
    expect(triage({ acp: { noHospitalAdmission: true }, presentation: { lifeThreatening: true } }).flags).toEqual(['acp_known']);
    // acp_discuss is not raised at rule 1; a medication problem is.
    expect(triage({ presentation: { urgency: 'U1', palliativePhase: true, medicationProblem: true } }).flags).toEqual(['acp_known', 'medication_review']);
  });

  it('rule 2: palliative with a hospital-level need but no ACP wish is not kept from the hospital', () => {
    expect(triage({ presentation: { palliativePhase: true, clinicallyStable: false } })).toMatchObject({ ruleId: 'R7', destination: 'seh', flags: ['acp_discuss'] });
    expect(triage({ presentation: { palliativePhase: true, suspectedFracture: true } })).toMatchObject({ ruleId: 'R3', destination: 'seh' });
  });

  it('rule 3: a suspected fracture goes to the SEH unless an ACP wish says no hospital', () => {
    expect(triage({ presentation: { suspectedFracture: true, medicalSpecialistCareNeeded: true, condition: 'pneumonia' } }).ruleId).toBe('R3');
    expect(triage({ acp: { noHospitalAdmission: true }, presentation: { suspectedFracture: true } })).toMatchObject({ ruleId: 'R6b', destination: 'herstelkliniek' });
  });

  it('rule 4 and 5: treatable at home only when also wijkkliniek-fit and safe at home', () => {
    const pneumonia = { medicalSpecialistCareNeeded: true, condition: 'pneumonia', treatableAtHome: true } as const;
    expect(triage({ presentation: pneumonia }).ruleId).toBe('R4');
    expect(triage({ presentation: { ...pneumonia, complexity: 'high' } }).ruleId).toBe('R7');
    expect(triage({ presentation: { ...pneumonia, safeAtHomeWithSupport: false } }).ruleId).toBe('R5');
    expect(triage({ presentation: { ...pneumonia, psychogeriatricCrisis: true } }).flags).toEqual(['ttv_treatment', 'fact_vvt']);
    expect(triage({ acp: { noHospitalAdmission: true }, presentation: { ...pneumonia, treatableAtHome: false } }).flags).toEqual(['acp_confirm']);
  });

  it('rule 6: with an ACP wish, home only when stable, no fracture and safe at home', () => {
    const acp = { acp: { noHospitalAdmission: true } };
    expect(triage({ ...acp, presentation: { medicalSpecialistCareNeeded: true, complexity: 'high' } }).ruleId).toBe('R6a');
    expect(triage({ ...acp, presentation: { medicalSpecialistCareNeeded: true, complexity: 'high', safeAtHomeWithSupport: false, delirium: true } })).toMatchObject({ ruleId: 'R6b', ward: 'delier' });
  });

  it('rule 7: an unstable patient is seen at the SEH even without a specialist-care need', () => {
    expect(triage({ presentation: { clinicallyStable: false, functionalDecline: true, causeUnclear: true } })).toMatchObject({ ruleId: 'R7', destination: 'seh', treatingPhysician: 'medical_specialist' });
  });

  it('rule 8: a U2 patient is not left to observation', () => {
    const knik = { functionalDecline: true, causeUnclear: true };
    for (const urgency of ['U3', 'U4', 'U5'] as const) expect(triage({ presentation: { ...knik, urgency } }).ruleId).toBe('R8');
    expect(triage({ presentation: { ...knik, urgency: 'U2' } })).toMatchObject({ ruleId: 'R9', destination: 'home' });
    expect(triage({ presentation: { ...knik, urgency: 'U2', safeAtHomeWithSupport: false } })).toMatchObject({ ruleId: 'R10', destination: 'herstelkliniek' });
  });

  it('rules 9 and 10: the carer, not who lives in the house, decides whether a confused patient goes home', () => {
    const delirious = { presentation: { delirium: true } };
    // Lives alone with a capable carer: home, in v1 and v2.
    expect(triage({ patient: { livesAlone: true, informalCarerAvailable: true }, ...delirious }).destination).toBe('home');
    // Lives with a partner who cannot cope: v1 sent them home, v2 does not.
    const overburdened = { patient: { livesAlone: false, informalCarerAvailable: true, carerOverburdened: true }, ...delirious };
    expect(triage(overburdened, v1).destination).toBe('home');
    expect(triage(overburdened)).toMatchObject({ ruleId: 'R10', ward: 'delier', flags: ['so_consultation', 'carer_support', 'not_home_alone'] });
    // Lives with a partner, no carer available: v1 sent them home, v2 does not.
    expect(triage({ patient: { informalCarerAvailable: false }, ...delirious }, v1).destination).toBe('home');
    expect(triage({ patient: { informalCarerAvailable: false }, ...delirious }).destination).toBe('herstelkliniek');
    // A psychogeriatric crisis at home with a capable carer: FACT-VVT joins.
    expect(triage({ presentation: { psychogeriatricCrisis: true } }).flags).toEqual(['fact_vvt']);
  });

  it('ward by need: delier, gedrag, grz (stable, no fracture), structuur, somatiek', () => {
    const away = { safeAtHomeWithSupport: false };
    expect(triage({ presentation: { ...away, delirium: true, psychogeriatricCrisis: true } }).ward).toBe('delier');
    expect(triage({ presentation: { ...away, psychogeriatricCrisis: true, rehabilitationNeed: true } }).ward).toBe('gedrag');
    expect(triage({ presentation: { ...away, rehabilitationNeed: true } }).ward).toBe('grz');
    expect(triage({ patient: { carerOverburdened: true }, presentation: { ...away, rehabilitationNeed: true } }).ward).toBe('grz');
    // Never GRZ for an unstable patient or an unimaged fracture (ACP: no hospital).
    const acp = { acp: { noHospitalAdmission: true } };
    expect(triage({ ...acp, presentation: { rehabilitationNeed: true, clinicallyStable: false } }).ward).toBe('somatiek');
    expect(triage({ ...acp, patient: { carerOverburdened: true }, presentation: { rehabilitationNeed: true, suspectedFracture: true } }).ward).toBe('structuur');
  });

  it('carer_support only at rules 9 and 10; medication_review on any destination', () => {
    expect(triage({ patient: { carerOverburdened: true }, presentation: { clinicallyStable: false } }).flags).toEqual([]);
    for (const changes of [{}, { presentation: { clinicallyStable: false } }, { presentation: { safeAtHomeWithSupport: false } }, { presentation: { functionalDecline: true, causeUnclear: true } }] as Changes[]) {
      const d = triage({ ...changes, presentation: { ...changes?.presentation, medicationProblem: true } });
      expect(d.flags.at(-1), d.ruleId).toBe('medication_review');
    }
  });
});

describe('an explanation of v2', () => {
  it('says of each new fact it looked at that was not sent: "niet gevraagd: nee"', () => {
    const d = triage();
    expect(d.ruleId).toBe('R9');
    expect(d.reasons).toEqual([
      'Geen zorg op ziekenhuisniveau nodig, veilig thuis met ondersteuning → thuis met acuut wijkteam.',
      'Mantelzorger overbelast of uitgevallen: niet gevraagd: nee.',
      'Palliatief-terminale fase: niet gevraagd: nee.',
      'Verdenking fractuur na een val: niet gevraagd: nee.',
      'Medicatieprobleem: niet gevraagd: nee.',
    ]);
    // Facts read as the tree took them.
    expect(d.facts).toMatchObject({ 'presentation.safeAtHomeWithSupport': true, 'patient.carerOverburdened': false });
  });

  it('says nothing of a fact that was sent, or that the tree did not need', () => {
    const sent = triage({ patient: { carerOverburdened: false }, presentation: { palliativePhase: false, suspectedFracture: false, medicationProblem: false } });
    expect(sent.reasons.filter((r) => r.includes('niet gevraagd'))).toEqual([]);
    // U1 stops at rule 1: only what rule 1 and its flags read.
    expect(triage({ presentation: { urgency: 'U1' } }).reasons.filter((r) => r.includes('niet gevraagd'))).toEqual([
      'Mantelzorger overbelast of uitgevallen: niet gevraagd: nee.',
      'Palliatief-terminale fase: niet gevraagd: nee.',
      'Medicatieprobleem: niet gevraagd: nee.',
    ]);
    // Not wijkkliniek-fit: whether treatment at home is possible did not matter.
    expect(triage().reasons.join(' ')).not.toContain('Behandeling thuis');
  });

  it('names the ward choice, the flags and the treating physician', () => {
    const d = triage({ patient: { carerOverburdened: true }, presentation: { safeAtHomeWithSupport: false } });
    expect(d.ruleIds).toEqual(['R10', 'R10.ward.structuur', 'R10.flag.so_consultation', 'R10.flag.carer_support']);
    expect(d.reasons[1]).toBe('Mantelzorger overbelast → afdeling structuur.');
    expect(d.treatingPhysician).toBe('so');
  });
});

describe('the treating physician', () => {
  it('follows one table for every destination, in v1 as in v2', () => {
    expect(treatingPhysicianByDestination).toEqual({
      home: 'gp', reo_bed: 'gp', herstelkliniek: 'so', wijkkliniek: 'medical_specialist', seh: 'medical_specialist', call_112: 'none',
    });
    expect(triage({ presentation: { safeAtHomeWithSupport: false } }, v1)).toMatchObject({ ruleId: 'R5', treatingPhysician: 'so' });
  });

  it('is optional on a stored decision: one recorded before it existed still parses', () => {
    const { treatingPhysician: _, ...old } = triage({}, v1);
    expect(decisionSchema.parse(old)).toEqual(old);
    expect(decisionSchema.parse(triage()).treatingPhysician).toBe('gp');
  });
});
