import { deps } from '../adapters/deps';
import { releaseExpiredHold } from '../domain/placements';
import { taskHandler } from '../lib/task';

/** Workflow task ReleaseHold: the admission was not confirmed in time; the bed returns to the pool. */
export const handler = taskHandler(async function releaseHoldTask(input: { caseId: string }) {
  return releaseExpiredHold(deps(), input.caseId);
});
