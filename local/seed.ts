import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamo';
import { rosterKeys, type RosterSlot } from '../functions/adapters/dynamo-roster';
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

async function putAll(table: TableId, items: Array<Record<string, unknown>>): Promise<void> {
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
  return { seeded: true };
}
