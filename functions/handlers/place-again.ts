import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { caseFor } from '../use-cases/get-case';
import { placeAgain } from '../use-cases/place-again';

/** POST /cases/{caseId}/placement → 202 and the case, back in `triaged`; the workflow places it again. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 202,
  body: caseFor(access, await placeAgain(deps(), pathParameters.caseId ?? '', access)),
}));
