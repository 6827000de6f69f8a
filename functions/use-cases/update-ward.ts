import { mayEditWard } from '../domain/access-policy';
import { FacilityNotFoundError } from '../domain/errors';
import { wardNames, type WardBeds, type WardUpdate } from '../domain/facility';
import type { Access, AuditLog, Capacity } from '../domain/ports';
import { auditEntry } from '../domain/audit';
import { refuse } from './authorize';

/** PUT /facilities/{facilityId}/wards/{ward}: the bed manager of that facility (or the coordinator) sets total and/or free beds. */
export async function updateWard(
  deps: { capacity: Pick<Capacity, 'setWard'>; audit: AuditLog; region: string },
  facilityId: string,
  ward: string,
  update: WardUpdate,
  access: Access,
): Promise<WardBeds> {
  const subject = { caseId: `afdeling:${facilityId}/${ward}` };
  if (!access.principal || access.principal.region !== deps.region || !mayEditWard(access.principal, facilityId)) {
    await refuse(deps, access, 'ward.update', subject, 'geen toegang: alleen de capaciteitsbeheerder van deze instelling past de bedden aan');
  }
  if (!(wardNames as readonly string[]).includes(ward)) throw new FacilityNotFoundError(`onbekende afdeling ${ward}; kies uit ${wardNames.join(', ')}`);
  const after = await deps.capacity.setWard(facilityId, ward, update);
  await deps.audit.record(auditEntry(access, 'ward.update', subject, 'allowed', { change: { after } }));
  return after;
}
