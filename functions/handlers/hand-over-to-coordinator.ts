import { deps } from '../adapters/deps';
import { handOverToCoordinator } from '../domain/placements';
import { taskHandler } from '../lib/task';

/** Workflow task HandOverToCoordinator: a step failed; free any held bed, the coordinator takes the case. */
export const handler = taskHandler(async function handOverTask(input: { caseId: string; error?: { Error?: string } }) {
  return handOverToCoordinator(deps(), input.caseId, input.error?.Error ?? 'onbekende fout');
});
