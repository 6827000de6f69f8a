import { deps } from '../adapters/deps';
import { readCase } from '../domain/referrals';
import { httpHandler } from '../lib/http';

/** GET /cases/{caseId} → the case (read logged for NEN 7513). */
export const handler = httpHandler(async ({ pathParameters, actor }) => ({
  statusCode: 200,
  body: await readCase(deps(), pathParameters.caseId ?? '', actor),
}));
