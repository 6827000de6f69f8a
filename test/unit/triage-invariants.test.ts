import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseReferral, type Referral } from '../../functions/domain/referral-schema';
import { referralArbitrary } from '../support/referral-arbitrary';
import { decide } from '../../functions/domain/triage/evaluate';
import { treatingPhysicianByDestination } from '../../functions/domain/triage/tree-schema';
import { treeByVersion } from '../../functions/domain/triage/trees';
import { safetyBreaches } from '../../functions/domain/triage/invariants';

/**
 * What a clinician checks in any tree version (/work/shared/domain.md), shown for v2 over
 * random referrals; the new optional facts are sent as true, as false, or not at all.
 */
const v1 = treeByVersion('rotterdam-v1');
const v2 = treeByVersion('rotterdam-v2');

const referralArb = referralArbitrary();

const runs = { numRuns: 20_000 };

describe('the clinician’s invariants hold for rotterdam-v2', () => {
  it('on random referrals (20,000)', () => {
    fc.assert(
      fc.property(referralArb, (r) => {
        const d = decide(v2, r);
        const p = r.presentation;
        const acp = r.acp.noHospitalAdmission;
        const palliative = p.palliativePhase === true;
        const fracture = p.suspectedFracture === true;
        const noCapableCarer = !r.patient.informalCarerAvailable || r.patient.carerOverburdened === true;
        const confusedWithoutCarer = noCapableCarer && (p.delirium || p.psychogeriatricCrisis);
        const u1 = p.lifeThreatening || p.urgency === 'U1';

        // U1 or life-threatening → 112, always; an ACP wish or palliative phase is shown, not used to skip it.
        expect(d.destination === 'call_112').toBe(u1);
        if (u1) expect(d.flags.includes('acp_known')).toBe(acp || palliative);
        // Delirious or in crisis without a capable carer: never home, whoever else lives there.
        if (confusedWithoutCarer) expect(d.destination).not.toBe('home');
        // REO only for a stable, non-urgent (U3–U5) patient without a hospital-level need.
        if (d.destination === 'reo_bed') {
          expect(p.clinicallyStable && ['U3', 'U4', 'U5'].includes(p.urgency)).toBe(true);
          expect(p.medicalSpecialistCareNeeded || fracture).toBe(false);
        }
        // Never GRZ when unstable or with a suspected fracture not yet imaged.
        if (d.ward === 'grz') expect(p.clinicallyStable && !fracture).toBe(true);
        // A suspected fracture without an ACP limit is imaged; an unstable patient without one is seen at the SEH.
        if (!u1 && !acp && fracture) expect(d.destination).toBe('seh');
        if (!u1 && !acp && !p.clinicallyStable) expect(d.destination).toBe('seh');
        // Every herstelkliniek placement asks the SO, who leads care there.
        if (d.destination === 'herstelkliniek') {
          expect(d.flags).toContain('so_consultation');
          expect(d.ward).toBeDefined();
        }
        // An ACP "no hospital admission" wish never routes to the SEH.
        if (acp) expect(d.destination).not.toBe('seh');
        // The same invariants as code (what a coordinator's correction is checked against): the tree breaks none.
        expect(safetyBreaches(r, d)).toEqual([]);
        // Every decision names its treating physician, by one table.
        expect(d.treatingPhysician).toBe(treatingPhysicianByDestination[d.destination]);
        expect(d.destination === 'call_112' || ['gp', 'so', 'medical_specialist'].includes(d.treatingPhysician)).toBe(true);

        // The flags of v2 mean what they say.
        expect(d.flags.includes('medication_review')).toBe(p.medicationProblem === true);
        expect(d.flags.includes('not_home_alone')).toBe(p.safeAtHomeWithSupport && confusedWithoutCarer);
        expect(d.flags.includes('acp_discuss')).toBe(!u1 && palliative && !acp);
        if (d.flags.includes('fact_vvt')) expect(d.destination === 'home' && p.psychogeriatricCrisis).toBe(true);
        if (d.flags.includes('carer_support')) expect(['R9', 'R10']).toContain(d.ruleId);
        if (['R9', 'R10'].includes(d.ruleId)) expect(d.flags.includes('carer_support')).toBe(r.patient.carerOverburdened === true);
        // A fact not sent is said so, whenever the tree looked at it.
        for (const reason of d.reasons.filter((x) => x.includes('niet gevraagd'))) expect(reason).toMatch(/: niet gevraagd: nee\.$/);
      }),
      runs,
    );
  });
});

describe('rotterdam-v1 is kept as it was', () => {
  it('ignores the facts added with v2, and explains as before apart from naming the treating physician', () => {
    fc.assert(
      fc.property(referralArb, (r) => {
        const withoutNew: Referral = {
          ...r,
          patient: { ...r.patient, carerOverburdened: undefined },
          presentation: { ...r.presentation, palliativePhase: undefined, suspectedFracture: undefined, treatableAtHome: undefined, medicationProblem: undefined },
        };
        const d = decide(v1, r);
        expect(d).toEqual(decide(v1, withoutNew));
        expect(d.treeVersion).toBe('rotterdam-v1');
        expect(d.reasons.join(' ')).not.toContain('niet gevraagd');
        expect(d.treatingPhysician).toBe(treatingPhysicianByDestination[d.destination]);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('safetyBreaches names what a destination breaks', () => {
  const make = (changes: { patient?: Partial<Referral['patient']>; acp?: Partial<Referral['acp']>; presentation?: Partial<Referral['presentation']> }) => {
    const parsed = parseReferral({
      patient: { age: 84, postcode: '3021 AB', livesAlone: true, informalCarerAvailable: true, ...changes.patient },
      acp: { noHospitalAdmission: false, ...changes.acp },
      presentation: {
        urgency: 'U3', lifeThreatening: false, medicalSpecialistCareNeeded: false, complexity: 'low', condition: 'other', clinicallyStable: true,
        functionalDecline: false, causeUnclear: false, delirium: false, psychogeriatricCrisis: false, rehabilitationNeed: false, safeAtHomeWithSupport: true,
        ...changes.presentation,
      },
      referrer: { role: 'gp', requestedAt: '2026-11-23T14:00:00+01:00' },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.value;
  };
  const ids = (r: Referral, destination: Parameters<typeof safetyBreaches>[1]['destination'], ward?: Parameters<typeof safetyBreaches>[1]['ward']) =>
    safetyBreaches(r, { destination, ward }).map((b) => b.invariant);

  it('an ACP no-hospital wish to the SEH, a confused patient without a carer to home, GRZ with a fracture', () => {
    expect(ids(make({ acp: { noHospitalAdmission: true } }), 'seh')).toEqual(['acp_no_hospital_not_seh']);
    expect(ids(make({ acp: { noHospitalAdmission: true } }), 'herstelkliniek', 'somatiek')).toEqual([]);
    expect(ids(make({ patient: { informalCarerAvailable: false }, presentation: { delirium: true } }), 'home')).toEqual(['confused_without_carer_not_home']);
    expect(ids(make({ patient: { carerOverburdened: true }, presentation: { psychogeriatricCrisis: true } }), 'home')).toEqual(['confused_without_carer_not_home']);
    expect(ids(make({ presentation: { delirium: true } }), 'home')).toEqual([]);
    expect(ids(make({ presentation: { suspectedFracture: true } }), 'herstelkliniek', 'grz')).toEqual(['grz_only_stable_no_fracture', 'fracture_imaged_at_seh']);
    expect(ids(make({ presentation: { clinicallyStable: false } }), 'wijkkliniek')).toEqual(['unstable_seen_at_seh']);
    expect(ids(make({ presentation: { urgency: 'U2' } }), 'reo_bed')).toEqual(['reo_only_stable_not_urgent']);
    expect(ids(make({ presentation: { lifeThreatening: true } }), 'seh')).toEqual(['u1_calls_112']);
    expect(ids(make({}), 'home')).toEqual([]);
  });
});
