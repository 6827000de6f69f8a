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
 * - `placed_again`: the coordinator placed the case again.
 */
export const reviewReasons = ['fallback', 'correction', 'placed_again'] as const;
export type ReviewReason = (typeof reviewReasons)[number];

export interface ReviewItem {
  caseId: string;
  createdAt: string;
  urgency?: string;
  decided: { destination: string; ward?: string; ruleId: string; treeVersion: string; reasons: string[] };
  ended: EndPlace;
  placement?: ReviewCase['placement'];
  reasons: ReviewReason[];
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
  return reasons;
}

/** The review list of a week's cases, oldest first. */
export function reviewList(cases: ReviewCase[]): ReviewItem[] {
  return cases
    .flatMap((c): ReviewItem[] => {
      const reasons = reviewReasonsOf(c);
      if (!c.decision || !reasons.length) return [];
      const { destination, ward, ruleId, treeVersion, reasons: why } = c.decision;
      return [
        {
          caseId: c.caseId,
          createdAt: c.createdAt,
          ...(c.urgency ? { urgency: c.urgency } : {}),
          decided: { destination, ...(ward ? { ward } : {}), ruleId, treeVersion, reasons: why },
          ended: endPlace(c),
          ...(c.placement ? { placement: c.placement } : {}),
          reasons,
          timeline: c.timeline,
        },
      ];
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId));
}
