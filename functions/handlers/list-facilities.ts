import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';

/** GET /facilities → every facility with its wards' total, free and held beds (the bed board). */
export const handler = httpHandler(async () => ({ statusCode: 200, body: await deps().capacity.list() }));
