import { rosterSlotSchema, type RosterSlot } from '../domain/roster-slot';

/** The roster entity: one item per slot, under its roster key (`so#rotterdam`, `district_team#Charlois`, …). */
export const rosterTable = 'rosters' as const;

export const rosterSlotKey = (rosterKey: string, slotId: string) => ({ rosterKey, slotId });

export const parseRosterSlotItem = (item: Record<string, unknown>): RosterSlot => rosterSlotSchema.parse(item);

export const rosterCommands = {
  slots: (table: string, rosterKey: string) => ({ TableName: table, KeyConditionExpression: 'rosterKey = :k', ExpressionAttributeValues: { ':k': rosterKey } }),
  put: (table: string, slot: RosterSlot) => ({ TableName: table, Item: slot }),
  get: (table: string, rosterKey: string, slotId: string) => ({ TableName: table, Key: rosterSlotKey(rosterKey, slotId), ConsistentRead: true }),
};
