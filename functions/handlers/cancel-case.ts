import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { httpHandler } from '../lib/http';
import { cancelCase } from '../use-cases/cancel-case';

/** POST /cases/{caseId}/cancel → the case, cancelled; a held bed returns to the pool. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: publicCase(await cancelCase(deps(), pathParameters.caseId ?? '', access)),
}));
