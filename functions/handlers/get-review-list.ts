import { deps } from '../adapters/deps';
import { DynamoCaseHistory } from '../adapters/dynamo-case-history';
import { httpHandler } from '../lib/http';
import { readReviewList, reviewQuerySchema } from '../use-cases/read-review-list';

/** GET /review?week=2026-W48 → the week's cases whose final place differs from the first decision, with their timelines. */
export const handler = httpHandler({ schema: reviewQuerySchema, from: ({ query }) => query }, async ({ input, access }) => ({
  statusCode: 200,
  body: await readReviewList({ ...deps(), history: new DynamoCaseHistory() }, input, access),
}));
