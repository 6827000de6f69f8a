import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { listRosters } from '../use-cases/list-rosters';

/** GET /rosters → every roster slot: district teams, SO chain, SEH transfer desk, coordinator (phone numbers for the coordinator only). */
export const handler = httpHandler(async ({ access }) => ({ statusCode: 200, body: await listRosters(deps(), access) }));
