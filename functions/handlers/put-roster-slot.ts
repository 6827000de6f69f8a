import { deps } from '../adapters/deps';
import { rosterSlotRequest } from '../domain/roster-slot';
import { rosterSlotInputSchema } from '../domain/roster-slot-input';
import { httpHandler } from '../lib/http';
import { putRosterSlot } from '../use-cases/put-roster-slot';

/** PUT /rosters/{rosterKey}/slots/{slotId} { from, to, days?, holidays?, priority?, contacts } → the slot as stored. */
/** Validated at the edge: the body with the key and slot id from the path, phone numbers to E.164. */
export const input = { schema: rosterSlotInputSchema, from: rosterSlotRequest };

export const handler = httpHandler(input, async ({ input, access }) => ({
  statusCode: 200,
  body: await putRosterSlot(deps(), input, access),
}));
