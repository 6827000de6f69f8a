import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { caseFor } from '../use-cases/get-case';
import { cancelCase } from '../use-cases/cancel-case';

/** POST /cases/{caseId}/cancel → the case, cancelled; a held bed returns to the pool. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: caseFor(access, await cancelCase(deps(), pathParameters.caseId ?? '', access)),
}));
