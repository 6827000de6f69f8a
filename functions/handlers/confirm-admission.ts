import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { caseFor } from '../use-cases/get-case';
import { confirmAdmission } from '../use-cases/confirm-admission';

/** POST /cases/{caseId}/admission → the case, admission confirmed; 409 if the hold expired or is gone. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: caseFor(access, await confirmAdmission(deps(), pathParameters.caseId ?? '', access)),
}));
