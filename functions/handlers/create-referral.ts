import { deps } from '../adapters/deps';
import { referralRequestSchema } from '../domain/referral-schema';
import { httpHandler } from '../lib/http';
import { createReferral } from '../use-cases/create-referral';

/** POST /referrals → 201 { caseId, status, links }; 400 naming each bad field, and nothing stored. */
export const handler = httpHandler({ schema: referralRequestSchema }, async ({ input, access }) => {
  const created = await createReferral(deps(), input, access);
  return {
    statusCode: 201,
    body: { caseId: created.caseId, status: created.status, links: { case: `/cases/${created.caseId}` } },
  };
});
