import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { httpHandler } from '../lib/http';
import { placeAgain } from '../use-cases/place-again';

/** POST /cases/{caseId}/placement → 202 and the case, back in `triaged`; the workflow places it again. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 202,
  body: publicCase(await placeAgain(deps(), pathParameters.caseId ?? '', access)),
}));
