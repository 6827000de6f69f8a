import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { cancelCase } from '../domain/placements';
import { httpHandler } from '../lib/http';

/** POST /cases/{caseId}/cancel → the case, cancelled; a held bed returns to the pool. */
export const handler = httpHandler(async ({ pathParameters, actor }) => ({
  statusCode: 200,
  body: publicCase(await cancelCase(deps(), pathParameters.caseId ?? '', actor)),
}));
