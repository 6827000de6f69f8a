import type { ReferralInput } from '../../functions/domain/referral-schema';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * A baseline referral: an 84-year-old in Delfshaven, living with a partner, no acute
 * hospital-level need, safe at home. Scenarios change only what their story says.
 */
export function referral(changes: DeepPartial<ReferralInput> = {}): ReferralInput {
  return {
    patient: { age: 84, postcode: '3021 AB', livesAlone: false, informalCarerAvailable: true, ...changes.patient },
    acp: { noHospitalAdmission: false, ...changes.acp },
    presentation: {
      urgency: 'U3',
      lifeThreatening: false,
      medicalSpecialistCareNeeded: false,
      complexity: 'low',
      condition: 'other',
      clinicallyStable: true,
      functionalDecline: false,
      causeUnclear: false,
      delirium: false,
      psychogeriatricCrisis: false,
      rehabilitationNeed: false,
      safeAtHomeWithSupport: true,
      ...changes.presentation,
    },
    referrer: { role: 'gp', requestedAt: '2026-11-23T14:00:00+01:00', ...changes.referrer },
  } as ReferralInput;
}
