import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamo';
import { rosterKeys, weekdays, type RosterSlot } from '../functions/domain/roster-slot';
import { facilityItems } from '../functions/entities/facility';
import type { Facility } from '../functions/domain/facility';
import { config } from '../functions/config';
import type { TableId } from '../functions/data/tables';
import { districts } from '../functions/domain/districts';

/**
 * A sample Rotterdam region: a day and a night acute district team per district (each with
 * a backup) and a FACT-VVT team per district, the
 * on-call SO chain for office and ANW hours, the SEH transfer desk and the coordinator.
 * Phone numbers are fictional (+31 6 1000 ….).
 */
export function sampleRosters(): RosterSlot[] {
  const slots: RosterSlot[] = [];
  const all = [...weekdays];
  districts.forEach((district, i) => {
    const n = String(i).padStart(2, '0');
    // The team on duty, then its backup (achterwacht): a home decision that the first does not
    // confirm in time, or cannot take, goes to the second, then to the coordinator.
    const team = (shift: string, phone: string, backup: string) => [
      { role: 'district_team' as const, name: `Wijkteam acute zorg ${district} (${shift})`, phone },
      { role: 'district_team' as const, name: `Achterwacht wijkteam ${district} (${shift})`, phone: backup },
    ];
    slots.push(
      { rosterKey: rosterKeys.districtTeam(district), slotId: 'dag', priority: 1, days: all, holidays: 'any', from: '07:00', to: '23:00', contacts: team('dag', `+316100010${n}`, `+316100110${n}`) },
      { rosterKey: rosterKeys.districtTeam(district), slotId: 'nacht', priority: 1, days: all, holidays: 'any', from: '23:00', to: '07:00', contacts: team('nacht', `+316100020${n}`, `+316100120${n}`) },
      // The FACT-VVT team (psychogeriatric crisis care at home) for the district, around the clock, with the region's backup.
      {
        rosterKey: rosterKeys.factVvt(district), slotId: 'altijd', priority: 1, days: all, holidays: 'any', from: '00:00', to: '00:00',
        contacts: [
          { role: 'fact_vvt', name: `FACT-VVT-team ${district}`, phone: `+316100130${n}` },
          { role: 'fact_vvt', name: 'Achterwacht FACT-VVT regio Rotterdam', phone: '+31610014000' },
        ],
      },
    );
  });
  slots.push(
    {
      rosterKey: rosterKeys.so('rotterdam'), slotId: 'kantoor', priority: 1, days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], holidays: 'never', from: '08:00', to: '17:00',
      contacts: [
        { role: 'so', name: 'SO dagdienst', phone: '+31610004001', username: 'so-dagdienst' },
        { role: 'so', name: 'Tweede SO dagdienst', phone: '+31610004002', username: 'so-tweede' },
        { role: 'vs_pa', name: 'VS ouderengeneeskunde', phone: '+31610004003', username: 'vs-dagdienst' },
      ],
    },
    {
      rosterKey: rosterKeys.so('rotterdam'), slotId: 'anw', priority: 2, days: all, holidays: 'any', from: '00:00', to: '00:00',
      contacts: [
        { role: 'so', name: 'SO ANW-dienst', phone: '+31610004011', username: 'so-anw' },
        { role: 'vs_pa', name: 'PA ANW-dienst', phone: '+31610004012', username: 'pa-anw' },
      ],
    },
    { rosterKey: rosterKeys.sehTransfer('rotterdam'), slotId: 'altijd', priority: 1, days: all, holidays: 'any', from: '00:00', to: '00:00', contacts: [{ role: 'transfer_nurse', name: 'Transferpunt SEH', phone: '+31610005001', username: 'tvp-seh' }] },
    { rosterKey: rosterKeys.coordinator('rotterdam'), slotId: 'altijd', priority: 1, days: all, holidays: 'any', from: '00:00', to: '00:00', contacts: [{ role: 'coordinator', name: 'Verkeerstoren Rotterdam', phone: '+31610009000', username: 'coordinator-rotterdam' }] },
  );
  return slots;
}

/**
 * Maximum stay per ward in days (issue 11; fictional, after the domain brief: acute recovery
 * ~2 weeks, REO 9 days): geriatric rehabilitation 42, delirium 21, structure and behaviour 28,
 * palliatief none; a ward without its own (somatiek, algemeen) takes the facility's maxStayDays.
 */
const wardStay: Partial<Record<Facility['wards'][number]['ward'], number | null>> = { grz: 42, delier: 21, structuur: 28, gedrag: 28, palliatief: null };
const beds = (ward: Facility['wards'][number]['ward'], total: number, free: number) => ({ ward, total, free, held: 0, ...(ward in wardStay ? { maxStayDays: wardStay[ward] } : {}) });
const allDay = { type: '24/7' } as const;
const daytime = { type: 'window', from: '07:00', to: '23:00' } as const;

/** Fictional facilities of each kind, a few dozen beds per kind. */
export function sampleFacilities(): Facility[] {
  return [
    { facilityId: 'hk-maasoever', kind: 'herstelkliniek', name: 'Herstelkliniek De Maasoever', district: 'Delfshaven', districtsServed: ['Delfshaven', 'Centrum', 'Overschie', 'Noord', 'Hoek van Holland', 'Rozenburg'], admission: allDay, maxStayDays: 14, transferNursePhone: '+31610003001', wards: [beds('grz', 8, 3), beds('somatiek', 10, 4), beds('delier', 6, 2), beds('structuur', 4, 1), beds('gedrag', 4, 1), beds('palliatief', 3, 1)] },
    { facilityId: 'hk-zuiderpark', kind: 'herstelkliniek', name: 'Herstelkliniek Zuiderpark', district: 'Charlois', districtsServed: ['Charlois', 'Feijenoord', 'IJsselmonde', 'Hoogvliet', 'Pernis'], admission: allDay, maxStayDays: 14, transferNursePhone: '+31610003002', wards: [beds('grz', 6, 2), beds('somatiek', 8, 3), beds('delier', 4, 1), beds('gedrag', 4, 2), beds('palliatief', 2, 1)] },
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
