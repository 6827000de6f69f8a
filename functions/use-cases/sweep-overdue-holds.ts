import type { CaseStore } from '../domain/ports';
import { releaseHold, type ReleaseHoldDeps } from './release-hold';

export interface SweepOverdueHoldsDeps extends ReleaseHoldDeps {
  cases: Pick<CaseStore, 'get' | 'overdueHolds'>;
}

/**
 * Scheduled job SweepOverdueHolds, the safety net behind the workflow's own hold timeout:
 * releases every bed of the region whose hold expired more than `graceSeconds` ago and is
 * still held, e.g. because its execution failed, was stopped, or (locally) did not survive
 * a restart. Racing the workflow is safe, as each release is conditional.
 */
export async function sweepOverdueHolds(deps: SweepOverdueHoldsDeps, region: string, graceSeconds: number): Promise<{ released: string[] }> {
  const before = new Date(deps.clock.now().getTime() - graceSeconds * 1000);
  const released: string[] = [];
  const failed: unknown[] = [];
  for (const caseId of await deps.cases.overdueHolds(region, before)) {
    // One case that fails must not keep the others' beds: go on, and fail the run at the end.
    try {
      if ((await releaseHold(deps, caseId, 'schedule:SweepOverdueHolds')).released) released.push(caseId);
    } catch (error) {
      failed.push(error);
    }
  }
  if (failed.length) throw new AggregateError(failed, `${failed.length} verlopen bedreservering(en) niet vrijgegeven`);
  return { released };
}
