import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { caseFor } from '../use-cases/get-case';
import { dischargeCase } from '../use-cases/discharge-case';

/** POST /cases/{caseId}/discharge → the case, discharged; its bed is free again. */
export const handler = httpHandler(async ({ pathParameters, access }) => ({
  statusCode: 200,
  body: caseFor(access, await dischargeCase(deps(), pathParameters.caseId ?? '', access)),
}));
