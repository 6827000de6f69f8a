import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { soDeclined } from '../use-cases/so-declined';

/** Workflow task SoDeclined: the SO declined the herstelkliniek; the bed goes back, the coordinator takes over. */
export const handler = taskHandler(async function SoDeclined(input: { caseId: string }) {
  return soDeclined(deps(), input.caseId);
});
