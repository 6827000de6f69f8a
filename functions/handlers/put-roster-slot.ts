import { deps } from '../adapters/deps';
import { putRosterSlot } from '../domain/rosters';
import { httpHandler } from '../lib/http';

/** PUT /rosters/{rosterKey}/slots/{slotId} { from, to, days?, holidays?, priority?, contacts } → the slot as stored. */
export const handler = httpHandler(async ({ pathParameters, body }) => ({
  statusCode: 200,
  body: await putRosterSlot({ rosters: deps().roster }, pathParameters.rosterKey ?? '', pathParameters.slotId ?? '', body),
}));
