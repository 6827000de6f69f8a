import * as z from 'zod';
import { auditEntry } from '../domain/audit';
import type { CaseHistory } from '../domain/case-history';
import { facilityKinds } from '../domain/facility';
import type { HospitalStay } from '../domain/outcomes';
import type { Access, AuditLog, Capacity, Clock } from '../domain/ports';
import { cell, hideRow } from '../domain/small-cells';
import type { TriageTree } from '../domain/triage/tree-schema';
import { applyBedChanges, bedsPerKind } from '../domain/whatif/beds';
import { lengthOfStayDefaults } from '../domain/whatif/length-of-stay';
import { whatIf, type SideSummary } from '../domain/whatif/simulate';
import { authorizeRoute } from './authorize';
import { withQuery } from './read-figures';

/** GET /figures/whatif?extra=2[&days=28] */
export const whatIfQuerySchema = z.object({
  extra: z.coerce.number().int('hele bedden').min(0, 'minstens 0').max(50, 'hoogstens 50').default(2),
  days: z.coerce.number().int('hele dagen').min(1, 'minstens 1 dag').max(92, 'hoogstens 92 dagen').default(28),
});
export type WhatIfQuery = z.output<typeof whatIfQuerySchema>;

/** The seed the dashboard's what-if draws its stays with: fixed, so the same question gets the same answer. */
export const dashboardSeed = 1;

/** A side of the what-if as the dashboard shows it: counts of the region's own referrals, small cells hidden. */
const shown = (s: SideSummary) => ({
  byDestination: hideRow(s.byDestination),
  placedAt: hideRow(s.placedAt),
  fitButNoBed: hideRow(s.fitButNoBed),
  placedByFallback: cell(s.placedByFallback),
  seh: cell(s.seh),
  occupancy: s.occupancy,
  bedDaysAvoided: s.bedDaysAvoided,
});

/**
 * GET /figures/whatif: "met N extra bedden per soort": the region's referrals of the last
 * `days` days replayed through the current tree and placement plan against the bed board as
 * it is now, and with `extra` beds more of each kind. The coordinator only; one access-log
 * entry (`figures.read`) under `cijfers:<region>`.
 */
export async function runWhatIf(
  deps: { history: Pick<CaseHistory, 'forReplay'>; capacity: Pick<Capacity, 'list'>; audit: AuditLog; clock: Clock; region: string; tree: TriageTree; hospitalStay: HospitalStay },
  query: WhatIfQuery,
  access: Access,
) {
  const subject = `cijfers:${deps.region}`;
  const logged = withQuery(access, { extra: query.extra, days: query.days });
  await authorizeRoute(deps, logged, 'run_whatif', 'figures.read', subject);
  const now = deps.clock.now();
  const [facilities, cases] = await Promise.all([deps.capacity.list(), deps.history.forReplay(deps.region, new Date(now.getTime() - query.days * 86_400_000), now)]);
  // Beds only where the region has facilities of the kind.
  const changes = facilityKinds.filter((kind) => facilities.some((f) => f.kind === kind)).map((kind) => ({ kind, op: 'add' as const, n: query.extra }));
  const result = whatIf(
    cases.map((c) => c.referral),
    facilities,
    changes,
    { tree: deps.tree, seed: dashboardSeed, lengthOfStay: lengthOfStayDefaults, hospitalStayDays: deps.hospitalStay.days },
  );
  await deps.audit.record(auditEntry(logged, 'figures.read', { caseId: subject }));
  return {
    extra: query.extra,
    days: query.days,
    treeVersion: deps.tree.version,
    referrals: cell(result.referrals),
    beds: { baseline: bedsPerKind(facilities), scenario: bedsPerKind(applyBedChanges(facilities, changes)) },
    baseline: shown(result.baseline),
    scenario: shown(result.scenario),
    lengthOfStay: lengthOfStayDefaults,
    hospitalStay: deps.hospitalStay,
  };
}
