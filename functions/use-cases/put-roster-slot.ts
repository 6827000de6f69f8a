import { auditEntry } from '../domain/audit';
import type { Access, AuditLog, RosterStore } from '../domain/ports';
import type { RosterSlot } from '../domain/roster-slot';
import { authorizeRoute } from './authorize';

/**
 * PUT /rosters/{rosterKey}/slots/{slotId}: only the coordinator edits who is on duty (whoever
 * is the on-call SO receives the answer links). The slot is validated at the edge (phone
 * numbers as E.164); the change is logged with what it was before and after.
 */
export async function putRosterSlot(deps: { rosters: Pick<RosterStore, 'get' | 'put'>; audit: AuditLog; region: string }, slot: RosterSlot, access: Access): Promise<RosterSlot> {
  const subject = { caseId: `rooster:${slot.rosterKey}/${slot.slotId}` };
  await authorizeRoute(deps, access, 'update_roster', 'roster.update', subject.caseId);
  const before = await deps.rosters.get(slot.rosterKey, slot.slotId);
  await deps.rosters.put(slot);
  await deps.audit.record(auditEntry(access, 'roster.update', subject, 'allowed', { change: { ...(before ? { before } : {}), after: slot } }));
  return slot;
}
