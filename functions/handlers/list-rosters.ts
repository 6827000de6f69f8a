import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';

/** GET /rosters → every roster slot: district teams, SO chain, SEH transfer desk, coordinator. */
export const handler = httpHandler(async () => ({ statusCode: 200, body: await deps().roster.list() }));
