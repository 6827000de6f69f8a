import type { Access, AuditLog, RosterStore } from '../domain/ports';
import type { RosterSlot } from '../domain/roster-slot';
import { authorizeRoute } from './authorize';

/** GET /rosters: who is on duty; the staff's phone numbers only for the coordinator. */
export async function listRosters(deps: { rosters: Pick<RosterStore, 'list'>; audit: AuditLog; region: string }, access: Access): Promise<RosterSlot[]> {
  await authorizeRoute(deps, access, 'read_rosters', 'case.read', 'roosters');
  const slots = await deps.rosters.list();
  if (access.principal?.role === 'coordinator') return slots;
  return slots.map((s) => ({ ...s, contacts: s.contacts.map((c) => ({ ...c, phone: '' })) }));
}
