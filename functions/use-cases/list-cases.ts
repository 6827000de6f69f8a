import * as z from 'zod';
import { closedStatuses, type CaseSummary } from '../domain/case';
import { stayEnded } from '../domain/stay-clock';
import type { Access, AuditLog, CaseStore, Clock } from '../domain/ports';
import { summaryView } from '../domain/access-policy';
import { auditEntry } from '../domain/audit';
import { authorizeRoute } from './authorize';

/** Owners named by their team, place or region; a person (a referrer, later a user) is shown by role only. */
const ownersShownWithId = ['transfer_nurse', 'district_team', 'coordinator'];

/** GET /cases?sinceDays=7 */
export const listCasesQuerySchema = z.object({
  sinceDays: z.coerce.number().int('hele dagen').min(1, 'minstens 1 dag').max(31, 'hoogstens 31 dagen').default(7),
});
export type ListCasesQuery = z.output<typeof listCasesQuerySchema>;

const groups = ['coordinator', 'open', 'closed'] as const;

/**
 * An admitted case is done for the overview, unless the coordinator holds it (an unanswered
 * consult) or its maximum stay has ended with the patient still admitted (issue 11). A case
 * the sweep found stuck (`stalledAt`) comes first until it moves.
 */
const groupOf = (c: CaseSummary, now: Date): (typeof groups)[number] =>
  closedStatuses.includes(c.status)
    ? 'closed'
    : c.owner.role === 'coordinator' || c.stalledAt || stayEnded(c, now)
      ? 'coordinator'
      : c.status === 'admission_confirmed'
        ? 'closed'
        : 'open';

/**
 * GET /cases?sinceDays=7: the coordinator's overview of the region. Each case gets its
 * `group`: `coordinator` (theirs to act on), `open`, `closed`; listed in that order, each
 * newest first. No patient facts; the list access is logged once, under the region.
 */
export async function listCases(
  deps: { cases: Pick<CaseStore, 'listSince'>; audit: AuditLog; clock: Clock; region: string },
  query: ListCasesQuery,
  access: Access,
) {
  const subject = `overzicht:${deps.region}`;
  const listed = { ...access, via: `${access.via}?sinceDays=${query.sinceDays}` };
  await authorizeRoute(deps, listed, 'list_cases', 'case.list', subject);
  const since = new Date(deps.clock.now().getTime() - query.sinceDays * 86_400_000);
  const summaries = await deps.cases.listSince(deps.region, since);
  await deps.audit.record(auditEntry(listed, 'case.list', { caseId: subject }));
  return {
    sinceDays: query.sinceDays,
    cases: summaries
      .map((c) => ({ ...summaryView(c), owner: ownersShownWithId.includes(c.owner.role) ? c.owner : { role: c.owner.role }, group: groupOf(c, deps.clock.now()) }))
      .sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group) || b.createdAt.localeCompare(a.createdAt)),
  };
}
