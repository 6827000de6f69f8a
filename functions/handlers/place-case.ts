import { deps } from '../adapters/deps';
import { taskHandler } from '../lib/task';
import { placeCase, type PlaceCaseInput } from '../use-cases/place-case';

/** Workflow task PlaceCase: holds the first free bed along the fallback plan, or picks home / SEH / coordinator. */
export const handler = taskHandler(async function PlaceCase(input: PlaceCaseInput) {
  return placeCase(deps(), input);
});
