import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { dischargeCase } from '../domain/placements';
import { httpHandler } from '../lib/http';

/** POST /cases/{caseId}/discharge → the case, discharged; its bed is free again. */
export const handler = httpHandler(async ({ pathParameters, actor }) => ({
  statusCode: 200,
  body: publicCase(await dischargeCase(deps(), pathParameters.caseId ?? '', actor)),
}));
