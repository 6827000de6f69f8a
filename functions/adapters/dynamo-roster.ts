import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Recipient, Roster, RosterStore } from '../domain/ports';
import { onDuty, rosterKeys, type RosterSlot } from '../domain/roster-slot';
import { parseRosterSlotItem, rosterCommands, rosterTable } from '../entities/roster';
import { config } from '../config';
import { documentClient, scanAll } from './dynamo';

/** Who is on duty, from the rosters table (one item per slot). */
export class DynamoRoster implements Roster, RosterStore {
  private get table(): string {
    return config().tableName(rosterTable);
  }

  async slots(rosterKey: string): Promise<RosterSlot[]> {
    const { Items = [] } = await documentClient().send(new QueryCommand(rosterCommands.slots(this.table, rosterKey)));
    return Items.map(parseRosterSlotItem);
  }

  async list(): Promise<RosterSlot[]> {
    return (await scanAll({ TableName: this.table })).map(parseRosterSlotItem).sort((a, b) => a.rosterKey.localeCompare(b.rosterKey) || a.priority - b.priority);
  }

  async get(rosterKey: string, slotId: string): Promise<RosterSlot | undefined> {
    const { Item } = await documentClient().send(new GetCommand(rosterCommands.get(this.table, rosterKey, slotId)));
    return Item ? parseRosterSlotItem(Item) : undefined;
  }

  async put(slot: RosterSlot): Promise<void> {
    await documentClient().send(new PutCommand(rosterCommands.put(this.table, slot)));
  }

  private async first(rosterKey: string, at: Date): Promise<Recipient | undefined> {
    const slot = onDuty(await this.slots(rosterKey), at);
    const contact = slot?.contacts[0];
    return contact && { recipient: `${rosterKey.replace('#', ':')}`, phone: contact.phone };
  }

  async coordinator(at: Date): Promise<Recipient> {
    const region = config().REGION_NAME;
    const found = await this.first(rosterKeys.coordinator(region), at);
    if (!found) throw new Error(`no coordinator on duty for ${region}`);
    return found;
  }

  async recipientFor(destination: string, district: string | undefined, at: Date): Promise<Recipient> {
    if (destination === 'home' && district) {
      const team = await this.first(rosterKeys.districtTeam(district), at);
      if (team) return team;
    }
    if (destination === 'seh') {
      const desk = await this.first(rosterKeys.sehTransfer(config().REGION_NAME), at);
      if (desk) return desk;
    }
    return this.coordinator(at);
  }

  async soChain(at: Date): Promise<Array<Recipient & { role: string; name: string; username?: string }>> {
    const slot = onDuty(await this.slots(rosterKeys.so(config().REGION_NAME)), at);
    return (slot?.contacts ?? []).map((c, i) => ({ recipient: `${c.role}:${i + 1}`, phone: c.phone, role: c.role, name: c.name, ...(c.username ? { username: c.username } : {}) }));
  }

  /** A team's chain: the first is `district_team:Charlois` as before, a backup `district_team:Charlois:2`. */
  async chain(rosterKey: string, at: Date): Promise<Array<Recipient & { role: string; name: string; username?: string }>> {
    const slot = onDuty(await this.slots(rosterKey), at);
    const base = rosterKey.replace('#', ':');
    return (slot?.contacts ?? []).map((c, i) => ({ recipient: i === 0 ? base : `${base}:${i + 1}`, phone: c.phone, role: c.role, name: c.name, ...(c.username ? { username: c.username } : {}) }));
  }
}
