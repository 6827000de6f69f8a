import { deps } from '../adapters/deps';
import { dischargeRequestSchema } from '../domain/discharge';
import { httpHandler } from '../lib/http';
import { caseFor } from '../use-cases/get-case';
import { dischargeCase } from '../use-cases/discharge-case';

/** POST /cases/{caseId}/discharge { dischargedTo, note? } → the case, discharged; its bed is free again, the handover texted. */
export const handler = httpHandler({ schema: dischargeRequestSchema }, async ({ pathParameters, input, access }) => ({
  statusCode: 200,
  body: caseFor(access, await dischargeCase(deps(), pathParameters.caseId ?? '', input, access)),
}));
