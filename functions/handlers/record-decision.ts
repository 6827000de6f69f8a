import { deps } from '../adapters/deps';
import type { WorkflowInput } from '../domain/workflow-input';
import { taskHandler } from '../lib/task';
import { recordDecision } from '../use-cases/record-decision';

/** Workflow task RecordDecision: explains the route the Choice states took and stores it. */
export const handler = taskHandler(async function RecordDecision(input: WorkflowInput) {
  return recordDecision(deps(), input);
});
