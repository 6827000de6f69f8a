import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamo';
import { rosterKeys, type RosterSlot } from '../functions/adapters/dynamo-roster';
import { facilityItems } from '../functions/adapters/dynamo-capacity';
import type { Facility } from '../functions/domain/facility';
import { config } from '../functions/config';
import type { TableId } from '../functions/data/tables';
import { districts } from '../functions/domain/districts';

/**
 * A sample Rotterdam region: a day and a night acute district team per district, and a
 * coordinator around the clock. Phone numbers are fictional (+31 6 1000 ….).
 */
export function sampleRosters(): RosterSlot[] {
  const slots: RosterSlot[] = [];
  districts.forEach((district, i) => {
    const n = String(i).padStart(2, '0');
    slots.push(
      { rosterKey: rosterKeys.districtTeam(district), slotId: 'day', from: '07:00', to: '23:00', name: `Wijkteam acute zorg ${district} (dag)`, phone: `+316100010${n}` },
      { rosterKey: rosterKeys.districtTeam(district), slotId: 'night', from: '23:00', to: '07:00', name: `Wijkteam acute zorg ${district} (nacht)`, phone: `+316100020${n}` },
    );
  });
  slots.push({ rosterKey: rosterKeys.coordinator('rotterdam'), slotId: 'always', from: '00:00', to: '00:00', name: 'Verkeerstoren Rotterdam', phone: '+31610009000' });
  return slots;
}

const beds = (ward: Facility['wards'][number]['ward'], total: number, free: number) => ({ ward, total, free, held: 0 });
const allDay = { type: '24/7' } as const;
const daytime = { type: 'window', from: '07:00', to: '23:00' } as const;

/** Fictional facilities of each kind, a few dozen beds per kind. */
export function sampleFacilities(): Facility[] {
  return [
    { facilityId: 'hk-maasoever', kind: 'herstelkliniek', name: 'Herstelkliniek De Maasoever', district: 'Delfshaven', districtsServed: ['Delfshaven', 'Centrum', 'Overschie', 'Noord', 'Hoek van Holland', 'Rozenburg'], admission: allDay, maxStayDays: 14, transferNursePhone: '+31610003001', wards: [beds('grz', 8, 3), beds('somatiek', 10, 4), beds('delier', 6, 2), beds('structuur', 4, 1), beds('gedrag', 4, 1)] },
    { facilityId: 'hk-zuiderpark', kind: 'herstelkliniek', name: 'Herstelkliniek Zuiderpark', district: 'Charlois', districtsServed: ['Charlois', 'Feijenoord', 'IJsselmonde', 'Hoogvliet', 'Pernis'], admission: allDay, maxStayDays: 14, transferNursePhone: '+31610003002', wards: [beds('grz', 6, 2), beds('somatiek', 8, 3), beds('delier', 4, 1), beds('gedrag', 4, 2)] },
    { facilityId: 'hk-capelle-oost', kind: 'herstelkliniek', name: 'Herstelkliniek Capelle Oost', district: 'Capelle aan den IJssel', districtsServed: ['Capelle aan den IJssel', 'Krimpen aan den IJssel', 'Prins Alexander', 'Kralingen-Crooswijk', 'Hillegersberg-Schiebroek'], admission: daytime, maxStayDays: 14, transferNursePhone: '+31610003003', wards: [beds('grz', 4, 1), beds('somatiek', 6, 2), beds('delier', 2, 1)] },
    { facilityId: 'wk-kralingen', kind: 'wijkkliniek', name: 'Wijkkliniek Kralingen', district: 'Kralingen-Crooswijk', districtsServed: ['Kralingen-Crooswijk', 'Centrum', 'Noord', 'Hillegersberg-Schiebroek'], admission: allDay, maxStayDays: 7, transferNursePhone: '+31610003011', wards: [beds('algemeen', 12, 4)] },
    { facilityId: 'wk-zuid', kind: 'wijkkliniek', name: 'Wijkkliniek Zuid', district: 'IJsselmonde', districtsServed: ['IJsselmonde', 'Feijenoord', 'Charlois', 'Hoogvliet', 'Pernis'], admission: daytime, maxStayDays: 7, transferNursePhone: '+31610003012', wards: [beds('algemeen', 10, 3)] },
    { facilityId: 'wk-alexander', kind: 'wijkkliniek', name: 'Wijkkliniek Alexander', district: 'Prins Alexander', districtsServed: ['Prins Alexander', 'Capelle aan den IJssel', 'Krimpen aan den IJssel'], admission: allDay, maxStayDays: 7, transferNursePhone: '+31610003013', wards: [beds('algemeen', 8, 2)] },
    { facilityId: 'reo-noord', kind: 'reo_bed', name: 'REO Noord', district: 'Noord', districtsServed: ['Noord', 'Centrum', 'Delfshaven', 'Overschie', 'Hillegersberg-Schiebroek', 'Kralingen-Crooswijk'], admission: allDay, maxStayDays: 9, transferNursePhone: '+31610003021', wards: [beds('algemeen', 8, 3)] },
    { facilityId: 'reo-hoogvliet', kind: 'reo_bed', name: 'REO Hoogvliet', district: 'Hoogvliet', districtsServed: ['Hoogvliet', 'Pernis', 'Rozenburg', 'Charlois', 'IJsselmonde', 'Feijenoord'], admission: daytime, maxStayDays: 9, transferNursePhone: '+31610003022', wards: [beds('algemeen', 6, 2)] },
  ];
}

export async function putAll(table: TableId, items: Array<Record<string, unknown>>): Promise<void> {
  const name = config().tableName(table);
  for (let i = 0; i < items.length; i += 25) {
    await documentClient().send(
      new BatchWriteCommand({ RequestItems: { [name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
}

/** Seeds the sample region once: tables that already hold data (a persisted --data dir) are left alone. */
export async function seedSampleRegion(): Promise<{ seeded: boolean }> {
  const existing = await documentClient().send(new ScanCommand({ TableName: config().tableName('rosters'), Limit: 1 }));
  if (existing.Items?.length) return { seeded: false };
  await putAll('rosters', sampleRosters() as unknown as Array<Record<string, unknown>>);
  await putAll('facilities', sampleFacilities().flatMap(facilityItems));
  return { seeded: true };
}
