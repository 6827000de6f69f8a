import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { awaitAdmission, type AwaitAdmissionInput } from '../use-cases/await-admission';

/** Workflow task AwaitAdmission (.waitForTaskToken): keeps the token and texts the transfer nurse. */
export const handler = taskHandler(async function AwaitAdmission(input: AwaitAdmissionInput) {
  await awaitAdmission(deps(), input);
  return {};
});
