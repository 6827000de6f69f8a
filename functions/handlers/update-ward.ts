import { deps } from '../adapters/deps';
import { updateWardBeds } from '../domain/placements';
import { httpHandler } from '../lib/http';

/** PUT /facilities/{facilityId}/wards/{ward} { total?, free? } → the ward's counts. */
export const handler = httpHandler(async ({ pathParameters, body }) => ({
  statusCode: 200,
  body: await updateWardBeds(deps(), pathParameters.facilityId ?? '', pathParameters.ward ?? '', body),
}));
