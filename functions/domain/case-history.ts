import * as z from 'zod';
import { caseSchema, decisionSchema } from './case';
import { referrerRoles } from './referral-schema';
import { storedReferralSchema } from './stored-referral';

/**
 * The region's case history for a period, read three ways, each with only what it needs:
 * the figures (where each case went and when, no patient facts), the weekly review (the
 * same with the decision's reasons and the timeline), and the what-if (the referral's
 * facts without the BSN, to run them through the tree again). A narrow port: the DynamoDB
 * adapter reads the keys-only byRegion index and batch-gets just these attributes.
 */

/** What the figures read of a case: no referral fact but the referrer's role. */
export const figuresCaseSchema = caseSchema.pick({ caseId: true, status: true, district: true, createdAt: true, placement: true, timeline: true }).extend({
  decision: decisionSchema.pick({ destination: true, ward: true }).optional(),
  referrerRole: z.enum(referrerRoles).optional(),
});
export type FiguresCase = z.output<typeof figuresCaseSchema>;

const reviewDecisionSchema = decisionSchema.pick({ destination: true, ward: true, ruleId: true, reasons: true, treeVersion: true });

/** What the weekly review reads: the figures' view, with the decision's rule, reasons and tree, the urgency, and the coordinator's corrections (the tree's decision kept). */
export const reviewCaseSchema = figuresCaseSchema.extend({
  decision: reviewDecisionSchema.optional(),
  originalDecision: reviewDecisionSchema.optional(),
  amendments: caseSchema.shape.amendments,
  urgency: z.string().optional(),
});
export type ReviewCase = z.output<typeof reviewCaseSchema>;

/** What the what-if reads: the referral as the tree reads it, never the BSN; an anonymised case (no age or postcode) does not parse and is left out. */
export const replayCaseSchema = z.object({
  caseId: z.string(),
  createdAt: z.string(),
  district: z.string().optional(),
  referral: storedReferralSchema,
});
export type ReplayCase = z.output<typeof replayCaseSchema>;

export interface CaseHistory {
  /** The region's cases created in [from, to), for the figures. */
  forFigures(region: string, from: Date, to: Date): Promise<FiguresCase[]>;
  /** The same, with what the weekly review shows. */
  forReview(region: string, from: Date, to: Date): Promise<ReviewCase[]>;
  /** The same, with the referral (no BSN), for the what-if; a case whose stored referral no longer parses is left out. */
  forReplay(region: string, from: Date, to: Date): Promise<ReplayCase[]>;
}
