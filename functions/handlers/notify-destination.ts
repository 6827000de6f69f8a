import { deps } from '../adapters/deps';
import { notifyDestination } from '../domain/referrals';
import { taskHandler } from '../lib/task';

/** Workflow task NotifyDestination: texts whoever acts on the outcome. */
export const handler = taskHandler(async function notifyDestinationTask(input: { caseId: string }) {
  return notifyDestination(deps(), input.caseId);
});
