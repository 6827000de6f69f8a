import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { getCase } from '../use-cases/get-case';

/** GET /cases/{caseId} → the case (read logged for NEN 7513). */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: await getCase(deps(), pathParameters.caseId ?? '', access),
}));
