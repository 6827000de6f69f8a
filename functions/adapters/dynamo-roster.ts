import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Recipient, Roster } from '../domain/ports';
import { inWindow } from '../domain/time';
import { config } from '../config';
import { documentClient } from './dynamo';

export interface RosterSlot {
  rosterKey: string;
  slotId: string;
  /** Local time window, Europe/Amsterdam; equal from/to means around the clock. */
  from: string;
  to: string;
  name: string;
  phone: string;
}

export const rosterKeys = {
  districtTeam: (district: string) => `district_team#${district}`,
  coordinator: (region: string) => `coordinator#${region}`,
};

/** Who is on duty, from the rosters table. */
export class DynamoRoster implements Roster {
  async onDuty(rosterKey: string, at: Date): Promise<RosterSlot | undefined> {
    const { Items = [] } = await documentClient().send(
      new QueryCommand({
        TableName: config().tableName('rosters'),
        KeyConditionExpression: 'rosterKey = :k',
        ExpressionAttributeValues: { ':k': rosterKey },
      }),
    );
    return (Items as RosterSlot[]).find((slot) => inWindow(at, slot.from, slot.to));
  }

  async recipientFor(destination: string, district: string | undefined, at: Date): Promise<Recipient> {
    if (destination === 'home' && district) {
      const team = await this.onDuty(rosterKeys.districtTeam(district), at);
      if (team) return { recipient: `district_team:${district}`, phone: team.phone };
    }
    const region = config().REGION_NAME;
    const coordinator = await this.onDuty(rosterKeys.coordinator(region), at);
    if (!coordinator) throw new Error(`no coordinator on duty for ${region}`);
    return { recipient: `coordinator:${region}`, phone: coordinator.phone };
  }
}
