import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { listCases, listCasesQuerySchema } from '../use-cases/list-cases';

/** GET /cases?sinceDays=7 → the coordinator's overview of the region (no patient facts). */
export const handler = httpHandler({ schema: listCasesQuerySchema, from: ({ query }) => query }, async ({ input, access }) => ({
  statusCode: 200,
  body: await listCases(deps(), input, access),
}));
