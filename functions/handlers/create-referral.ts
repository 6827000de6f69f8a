import { deps } from '../adapters/deps';
import { submitReferral } from '../domain/referrals';
import { httpHandler } from '../lib/http';

/** POST /referrals → 201 { caseId, status, links } */
export const handler = httpHandler(async ({ body, actor }) => {
  const created = await submitReferral(deps(), body, actor);
  return {
    statusCode: 201,
    body: { caseId: created.caseId, status: created.status, links: { case: `/cases/${created.caseId}` } },
  };
});
