import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { httpHandler } from '../lib/http';
import { dischargeCase } from '../use-cases/discharge-case';

/** POST /cases/{caseId}/discharge → the case, discharged; its bed is free again. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: publicCase(await dischargeCase(deps(), pathParameters.caseId ?? '', access)),
}));
