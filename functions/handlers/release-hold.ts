import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { releaseHold } from '../use-cases/release-hold';

/** Workflow task ReleaseHold: the admission was not confirmed in time; the bed returns to the pool. */
export const handler = taskHandler(async function ReleaseHold(input: { caseId: string }) {
  return releaseHold(deps(), input.caseId);
});
