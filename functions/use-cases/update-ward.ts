import { FacilityNotFoundError } from '../domain/errors';
import { wardNames, type WardBeds, type WardUpdate } from '../domain/facility';
import type { Capacity } from '../domain/ports';

/** PUT /facilities/{facilityId}/wards/{ward}: the bed manager sets total and/or free beds. */
export async function updateWard(deps: { capacity: Pick<Capacity, 'setWard'> }, facilityId: string, ward: string, update: WardUpdate): Promise<WardBeds> {
  if (!(wardNames as readonly string[]).includes(ward)) throw new FacilityNotFoundError(`onbekende afdeling ${ward}; kies uit ${wardNames.join(', ')}`);
  return deps.capacity.setWard(facilityId, ward, update);
}
