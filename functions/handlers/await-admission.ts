import { deps } from '../adapters/deps';
import { awaitAdmission } from '../domain/placements';
import { taskHandler } from '../lib/task';

/** Workflow task AwaitAdmission (.waitForTaskToken): keeps the token and texts the transfer nurse. */
export const handler = taskHandler(async function awaitAdmissionTask(input: { caseId: string; taskToken: string }) {
  await awaitAdmission(deps(), input.caseId, input.taskToken);
  return {};
});
