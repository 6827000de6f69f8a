import { deps } from '../adapters/deps';
import { placeCase } from '../domain/placements';
import { taskHandler } from '../lib/task';

/** Workflow task PlaceCase: holds the first free bed along the fallback plan, or picks home / SEH / coordinator. */
export const handler = taskHandler(async function placeCaseTask(input: { caseId: string; holdTimeoutSeconds: number }) {
  return placeCase(deps(), input.caseId, input.holdTimeoutSeconds);
});
