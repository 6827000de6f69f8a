import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { handOverToCoordinator } from '../use-cases/hand-over-to-coordinator';

/** Workflow task HandOverToCoordinator: a step failed; free any held bed, the coordinator takes the case. */
export const handler = taskHandler(async function HandOverToCoordinator(input: { caseId: string; error?: { Error?: string } }) {
  return handOverToCoordinator(deps(), input.caseId, input.error?.Error ?? 'onbekende fout');
});
