import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { notifyDestination, type NotifyDestinationInput } from '../use-cases/notify-destination';

/** Workflow task NotifyDestination: texts whoever acts on the outcome. */
export const handler = taskHandler(async function NotifyDestination(input: NotifyDestinationInput) {
  return notifyDestination(deps(), input);
});
