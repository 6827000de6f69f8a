import { deps } from '../adapters/deps';
import { publicCase } from '../domain/case';
import { replaceCase } from '../domain/placements';
import { httpHandler } from '../lib/http';

/** POST /cases/{caseId}/placement → 202 and the case, back in `triaged`; the workflow places it again. */
export const handler = httpHandler(async ({ pathParameters, actor }) => ({
  statusCode: 202,
  body: publicCase(await replaceCase(deps(), pathParameters.caseId ?? '', actor)),
}));
