import type { Facility } from '../domain/facility';
import type { Access, AuditLog, Capacity } from '../domain/ports';
import { authorizeRoute } from './authorize';

/** GET /facilities: the bed board (counts only, no case content), for every role that places or admits. */
export async function listFacilities(deps: { capacity: Pick<Capacity, 'list'>; audit: AuditLog; region: string }, access: Access): Promise<Facility[]> {
  await authorizeRoute(deps, access, 'read_facilities', 'case.read', 'beddenbord');
  return deps.capacity.list();
}
