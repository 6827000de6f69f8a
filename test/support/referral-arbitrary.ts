import fc from 'fast-check';
import { conditions, parseReferral, urgencies, type Referral } from '../../functions/domain/referral-schema';

const optionalBoolean = fc.option(fc.boolean(), { nil: undefined });

/**
 * Random valid referrals for property tests: every routing fact drawn, the optional facts of
 * tree v2 sent as true, as false, or not at all. `patient` adds what identifies a person
 * (e.g. a BSN and an age) where a test needs to show that it plays no part.
 */
export function referralArbitrary(patient: fc.Arbitrary<Record<string, unknown>> = fc.constant({ age: 84 })): fc.Arbitrary<Referral> {
  return fc
    .record({
      patient: fc.record({ livesAlone: fc.boolean(), informalCarerAvailable: fc.boolean(), carerOverburdened: optionalBoolean }),
      identity: patient,
      acp: fc.record({ noHospitalAdmission: fc.boolean() }),
      presentation: fc.record({
        urgency: fc.constantFrom(...urgencies),
        lifeThreatening: fc.boolean(),
        medicalSpecialistCareNeeded: fc.boolean(),
        complexity: fc.constantFrom('low', 'high'),
        condition: fc.constantFrom(...conditions),
        clinicallyStable: fc.boolean(),
        functionalDecline: fc.boolean(),
        causeUnclear: fc.boolean(),
        delirium: fc.boolean(),
        psychogeriatricCrisis: fc.boolean(),
        rehabilitationNeed: fc.boolean(),
        safeAtHomeWithSupport: fc.boolean(),
        palliativePhase: optionalBoolean,
        suspectedFracture: optionalBoolean,
        treatableAtHome: optionalBoolean,
        medicationProblem: optionalBoolean,
      }),
    })
    .map((r) => {
      // A fact not sent is absent, as in the JSON a referrer posts.
      const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
      const parsed = parseReferral({
        patient: { postcode: '3021 AB', ...r.identity, ...drop(r.patient) },
        acp: r.acp,
        presentation: drop(r.presentation),
        referrer: { role: 'gp', requestedAt: '2026-11-23T14:00:00+01:00' },
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return parsed.value;
    });
}
