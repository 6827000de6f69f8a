import type { ReviewCase } from './case-history';
import { endPlace, type EndPlace } from './outcomes';

/**
 * The weekly review: the cases whose final place differs from the tree's first decision, or
 * that a person re-routed, with their timelines. What the coordinators go through each week
 * to find wrongly triaged cases. Pure.
 *
 * - `fallback`: the placement plan sent the case elsewhere than the tree decided (no bed, a
 *   closed facility), or found no place at all and handed it to the coordinator;
 * - `correction`: after the decision a person changed the route: the SO declined the
 *   herstelkliniek, or the case went to the coordinator (a hold that ran out, a consultation
 *   nobody answered, a fault) and is there now;
 * - `placed_again`: the coordinator placed the case again;
 * - `amended`: the coordinator corrected the decision (POST /cases/{caseId}/decision); a
 *   correction that overrode a safety invariant puts the case at the top of the list.
 */
export const reviewReasons = ['fallback', 'correction', 'placed_again', 'amended'] as const;
export type ReviewReason = (typeof reviewReasons)[number];

export interface ReviewItem {
  caseId: string;
  createdAt: string;
  urgency?: string;
  decided: { destination: string; ward?: string; ruleId: string; treeVersion: string; reasons: string[] };
  ended: EndPlace;
  placement?: ReviewCase['placement'];
  reasons: ReviewReason[];
  /** The coordinator's corrections, oldest first; `decided` is then the tree's decision. */
  amendments?: NonNullable<ReviewCase['amendments']>;
  /** A correction overrode a safety invariant: first in the list. */
  overrideSafety?: true;
  timeline: ReviewCase['timeline'];
}

export function reviewReasonsOf(c: ReviewCase): ReviewReason[] {
  if (!c.decision) return [];
  const ended = endPlace(c);
  const reasons: ReviewReason[] = [];
  if (c.placement && c.placement.destination !== c.decision.destination) reasons.push('fallback');
  const soDeclined = c.timeline.some((e) => e.step === 'so_declined');
  const toCoordinatorLater = ended === 'coordinator' && c.placement?.destination !== 'coordinator';
  if (soDeclined || toCoordinatorLater) reasons.push('correction');
  if (c.timeline.some((e) => e.step === 'replacement_requested')) reasons.push('placed_again');
  if (c.amendments?.length) reasons.push('amended');
  return reasons;
}

/** The review list of a week's cases: those whose correction overrode a safety invariant first, then oldest first. */
export function reviewList(cases: ReviewCase[]): ReviewItem[] {
  return cases
    .flatMap((c): ReviewItem[] => {
      const reasons = reviewReasonsOf(c);
      if (!c.decision || !reasons.length) return [];
      // What the tree decided; the corrections after it are listed with the case.
      const { destination, ward, ruleId, treeVersion, reasons: why } = c.originalDecision ?? c.decision;
      const overridden = c.amendments?.some((a) => a.overrideSafety === true) ?? false;
      return [
        {
          caseId: c.caseId,
          createdAt: c.createdAt,
          ...(c.urgency ? { urgency: c.urgency } : {}),
          decided: { destination, ...(ward ? { ward } : {}), ruleId, treeVersion, reasons: why },
          ended: endPlace(c),
          ...(c.placement ? { placement: c.placement } : {}),
          reasons,
          ...(c.amendments?.length ? { amendments: c.amendments } : {}),
          ...(overridden ? { overrideSafety: true as const } : {}),
          timeline: c.timeline,
        },
      ];
    })
    .sort((a, b) => Number(!!b.overrideSafety) - Number(!!a.overrideSafety) || a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId));
}
