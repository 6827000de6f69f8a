import { deps } from '../adapters/deps';
import { referralRequestSchema } from '../domain/referral-schema';
import { httpHandler } from '../lib/http';
import { createReferral } from '../use-cases/create-referral';

/**
 * POST /referrals → 201 { caseId, status, links }; 400 naming each bad field, and nothing stored.
 * With an `Idempotency-Key` header a retry gives the first answer again, and one case.
 */
export const handler = httpHandler({ schema: referralRequestSchema }, async ({ input, access, headers }) => {
  const refer = async () => {
    const created = await createReferral(deps(), input, access);
    // The referrer sees the continuity flags at once (many moves, a return after discharge); no patient fact.
    return { caseId: created.caseId, status: created.status, continuity: created.continuity, links: { case: `/cases/${created.caseId}` } };
  };
  const key = headers['idempotency-key'];
  // Powertools idempotency is loaded only for a request that carries a key.
  const body = key ? await (await import('../adapters/idempotency')).onceForKey({ username: access.actor.id, key }, input, refer) : await refer();
  return { statusCode: 201, body };
});
