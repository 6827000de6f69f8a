import { deps } from '../adapters/deps';
import { recordDecision, type WorkflowInput } from '../domain/referrals';
import { taskHandler } from '../lib/task';

/** Workflow task RecordDecision: explains the route the Choice states took and stores it. */
export const handler = taskHandler(async function recordDecisionTask(input: WorkflowInput) {
  return recordDecision(deps(), input);
});
