import { ValidationError } from './errors';
import { toFieldErrors } from './referral';
import { rosterSlotSchema, type RosterSlot } from './roster';

export interface RosterStore {
  list(): Promise<RosterSlot[]>;
  put(slot: RosterSlot): Promise<void>;
}

/** PUT /rosters/{rosterKey}/slots/{slotId}: validates (phone numbers to E.164) and stores a slot. */
export async function putRosterSlot(deps: { rosters: RosterStore }, rosterKey: string, slotId: string, body: unknown): Promise<RosterSlot> {
  const parsed = rosterSlotSchema.safeParse({ ...(body && typeof body === 'object' ? body : {}), rosterKey, slotId });
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  await deps.rosters.put(parsed.data);
  return parsed.data;
}
