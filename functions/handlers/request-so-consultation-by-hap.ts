import { deps } from '../adapters/deps';
import { escalateCase } from '../domain/consultation';
import { httpHandler } from '../lib/http';

/** POST /cases/{caseId}/escalations { note, urgency } → 202; an SO consultation starts at that urgency. */
export const handler = httpHandler(async ({ pathParameters, body, actor }) => ({
  statusCode: 202,
  body: await escalateCase(deps(), pathParameters.caseId ?? '', body, actor),
}));
