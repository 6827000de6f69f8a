import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { httpHandler } from '../lib/http';
import { confirmAdmission } from '../use-cases/confirm-admission';

/** POST /cases/{caseId}/admission → the case, admission confirmed; 409 if the hold expired or is gone. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: publicCase(await confirmAdmission(deps(), pathParameters.caseId ?? '', access)),
}));
