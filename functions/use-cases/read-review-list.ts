import * as z from 'zod';
import { auditEntry } from '../domain/audit';
import type { CaseHistory } from '../domain/case-history';
import { isIsoWeek, isoWeekPeriod } from '../domain/local-date';
import type { Access, AuditLog } from '../domain/ports';
import { reviewList } from '../domain/review-list';
import { authorizeRoute } from './authorize';
import { withQuery } from './read-figures';

/** GET /review?week=2026-W48 */
export const reviewQuerySchema = z.object({
  week: z.string().refine(isIsoWeek, 'week als JJJJ-Www, bv. 2026-W48'),
});
export type ReviewQuery = z.output<typeof reviewQuerySchema>;

/**
 * GET /review?week=2026-W48: the weekly review list, the cases referred in that ISO week
 * (Monday to Sunday, Europe/Amsterdam) whose final place differs from the first decision,
 * with their timelines. The coordinator only; the list is one access-log entry (`case.review`).
 */
export async function readReviewList(deps: { history: Pick<CaseHistory, 'forReview'>; audit: AuditLog; region: string }, query: ReviewQuery, access: Access) {
  const subject = `weekreview:${deps.region}`;
  const logged = withQuery(access, { week: query.week });
  await authorizeRoute(deps, logged, 'review_cases', 'case.review', subject);
  const period = isoWeekPeriod(query.week);
  const cases = await deps.history.forReview(deps.region, period.start, period.end);
  await deps.audit.record(auditEntry(logged, 'case.review', { caseId: subject }));
  return { week: query.week, from: period.from, to: period.to, referrals: cases.length, cases: reviewList(cases) };
}
