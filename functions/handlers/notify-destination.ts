import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { notifyDestination } from '../use-cases/notify-destination';

/** Workflow task NotifyDestination: texts whoever acts on the outcome. */
export const handler = taskHandler(async function NotifyDestination(input: { caseId: string }) {
  return notifyDestination(deps(), input.caseId);
});
