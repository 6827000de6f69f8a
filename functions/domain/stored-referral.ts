import * as z from 'zod';
import { referralSchema, type Referral } from './referral-schema';

/**
 * The referral as the cases table holds it. New referrals are validated by `referralSchema`
 * (the API's contract, unchanged); what is stored is read back by these schemas:
 *
 * - a live case: the referral as it came in, its postcode reduced to the 4 digits the district
 *   comes from. Cases stored before that still carry "3021 AB": they parse, and read as "3021".
 * - an anonymised case (after the retention, `functions/domain/anonymise.ts`): no BSN, no
 *   postcode, the age as a band ("80-89"); the facts the figures read stay.
 */

/** A stored postcode: "3021" (from now on) or "3021 AB" (stored earlier); read as its 4 digits. */
export const storedPostcodeSchema = z
  .string()
  .regex(/^[1-9]\d{3}( ?[A-Za-z]{2})?$/)
  .transform((p) => p.slice(0, 4));

const patient = referralSchema.shape.patient;

/** A live case's referral: the output type is the referral's own. */
export const storedReferralSchema = referralSchema.extend({
  patient: patient.extend({ postcode: storedPostcodeSchema }),
});

/** An age band of ten years: "80-89". */
export const ageBandPattern = /^\d{1,3}-\d{1,3}$/;

/** An anonymised case's referral: the BSN, postcode and age are gone (typed as absent), an age band instead. */
export const anonymisedReferralSchema = referralSchema.extend({
  patient: z
    .object({
      ageBand: z.string().regex(ageBandPattern),
      livesAlone: patient.shape.livesAlone,
      informalCarerAvailable: patient.shape.informalCarerAvailable,
      carerOverburdened: patient.shape.carerOverburdened,
      age: z.undefined().optional(),
      postcode: z.undefined().optional(),
      bsn: z.undefined().optional(),
    })
    .strict(),
});
export type AnonymisedReferral = z.output<typeof anonymisedReferralSchema>;

/** What a case's `referral` is: live (first), or anonymised. */
export const caseReferralSchema = z.union([storedReferralSchema, anonymisedReferralSchema]);
export type CaseReferral = z.output<typeof caseReferralSchema>;

export const isAnonymisedReferral = (r: CaseReferral): r is AnonymisedReferral => 'ageBand' in r.patient && typeof r.patient.ageBand === 'string';

/**
 * The referral of a live case, for the tree and the placement: an anonymised case has none
 * (it is closed; nothing routes or places it again).
 */
export function liveReferral(c: { caseId: string; referral: CaseReferral }): Referral {
  if (isAnonymisedReferral(c.referral)) throw new Error(`casus ${c.caseId} is geanonimiseerd: de verwijzing is er niet meer`);
  return c.referral;
}
