import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { confirmAdmission } from '../domain/placements';
import { httpHandler } from '../lib/http';

/** POST /cases/{caseId}/admission → the case, admission confirmed; 409 if the hold expired or is gone. */
export const handler = httpHandler(async ({ pathParameters, actor }) => ({
  statusCode: 200,
  body: publicCase(await confirmAdmission(deps(), pathParameters.caseId ?? '', actor)),
}));
