import type { RosterStore } from '../domain/ports';
import type { RosterSlot } from '../domain/roster-slot';

/** PUT /rosters/{rosterKey}/slots/{slotId}: stores a slot, validated at the edge (phone numbers as E.164). */
export async function putRosterSlot(deps: { rosters: Pick<RosterStore, 'put'> }, slot: RosterSlot): Promise<RosterSlot> {
  await deps.rosters.put(slot);
  return slot;
}
