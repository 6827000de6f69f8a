import { deps } from '../adapters/deps';
import { httpHandler } from '../lib/http';
import { listFacilities } from '../use-cases/list-facilities';

/** GET /facilities → every facility with its wards' total, free and held beds (the bed board). */
export const handler = httpHandler(async ({ access }) => ({ statusCode: 200, body: await listFacilities(deps(), access) }));
