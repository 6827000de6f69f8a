import { deps } from '../adapters/deps';
import { listCases } from '../domain/referrals';
import { httpHandler } from '../lib/http';

/** GET /cases?sinceDays=7 → the coordinator's overview of the region (no patient facts). */
export const handler = httpHandler(async ({ query, actor }) => ({
  statusCode: 200,
  body: await listCases(deps(), query, actor),
}));
