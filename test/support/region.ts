import { facilityItems } from '../../functions/entities/facility';
import type { Facility } from '../../functions/domain/facility';
import { putAll, sampleRosters } from '../../local/seed';

/** A facility for a scenario: 24/7, serving its own district, one ward. */
export function testFacility(f: Partial<Facility> & Pick<Facility, 'facilityId' | 'kind' | 'district' | 'wards'>): Facility {
  return { name: `Test ${f.facilityId}`, districtsServed: [f.district], admission: { type: '24/7' }, maxStayDays: 14, transferNursePhone: '+31610007777', ...f };
}

/** Puts the sample rosters and exactly these facilities in the (empty) tables of a test stack. */
export async function seedRegion(facilities: Facility[]): Promise<void> {
  await putAll('rosters', sampleRosters() as unknown as Array<Record<string, unknown>>);
  await putAll('facilities', facilities.flatMap(facilityItems));
}
