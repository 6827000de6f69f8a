import { deps } from '../adapters/deps';
import { wardUpdateSchema } from '../domain/facility';
import { httpHandler } from '../lib/http';
import { updateWard } from '../use-cases/update-ward';

/** PUT /facilities/{facilityId}/wards/{ward} { total?, free? } → the ward's counts. */
export const handler = httpHandler({ schema: wardUpdateSchema }, async ({ pathParameters, input, access }) => ({
  statusCode: 200,
  body: await updateWard(deps(), pathParameters.facilityId ?? '', pathParameters.ward ?? '', input, access),
}));
