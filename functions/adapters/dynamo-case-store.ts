import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { caseSchema, type Case, type CaseStatus, type TimelineEntry } from '../domain/case';
import { CaseClosedError, ConflictError, NotFoundError } from '../domain/errors';
import type { CaseChange, CaseStore } from '../domain/ports';
import type { Decision } from '../domain/triage/evaluate';
import { config } from '../config';
import { documentClient } from './dynamo';

/** Pure command builders (tested without a client), then the store that sends them. */
export const caseCommands = {
  create: (table: string, item: Case) => ({
    TableName: table,
    Item: item,
    ConditionExpression: 'attribute_not_exists(caseId)',
  }),
  get: (table: string, caseId: string) => ({ TableName: table, Key: { caseId }, ConsistentRead: true }),
  appendTimeline: (table: string, caseId: string, entry: TimelineEntry, change: CaseChange = {}, extra?: Record<string, unknown>) => {
    const sets = ['timeline = list_append(timeline, :entry)', 'updatedAt = :at', '#version = #version + :one'];
    const values: Record<string, unknown> = { ':entry': [entry], ':at': entry.at, ':one': 1 };
    const names: Record<string, string> = { '#version': 'version' };
    let condition = 'attribute_exists(caseId)';
    if (change.status) {
      sets.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = change.status;
    }
    if (change.owner) {
      sets.push('#owner = :owner');
      names['#owner'] = 'owner';
      values[':owner'] = change.owner;
    }
    if (change.from) {
      names['#status'] = 'status';
      names['#hold'] = 'hold';
      const keys = change.from.map((s, i) => {
        values[`:from${i}`] = s;
        return `:from${i}`;
      });
      condition += ` AND #status IN (${keys.join(', ')}) AND attribute_not_exists(#hold)`;
    }
    for (const [key, value] of Object.entries(extra ?? {})) {
      sets.push(`#${key} = :${key}`);
      names[`#${key}`] = key;
      values[`:${key}`] = value;
    }
    return {
      TableName: table,
      Key: { caseId },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  },
};

export class DynamoCaseStore implements CaseStore {
  private get table(): string {
    return config().tableName('cases');
  }

  async create(item: Case): Promise<void> {
    try {
      await documentClient().send(new PutCommand(caseCommands.create(this.table, item)));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError(`case ${item.caseId} exists`, { cause: error });
      throw error;
    }
  }

  async get(caseId: string): Promise<Case | undefined> {
    const { Item } = await documentClient().send(new GetCommand(caseCommands.get(this.table, caseId)));
    return Item ? caseSchema.parse(Item) : undefined;
  }

  async recordDecision(caseId: string, decision: Decision, status: CaseStatus, entry: TimelineEntry): Promise<void> {
    await this.update(caseCommands.appendTimeline(this.table, caseId, entry, { status, from: ['referred'] }, { decision }));
  }

  async appendTimeline(caseId: string, entry: TimelineEntry, change?: CaseChange): Promise<void> {
    await this.update(caseCommands.appendTimeline(this.table, caseId, entry, change));
  }

  private async update(command: ReturnType<typeof caseCommands.appendTimeline>): Promise<void> {
    try {
      await documentClient().send(new UpdateCommand(command));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const caseId = String(command.Key.caseId);
        if (!command.ConditionExpression.includes('#status IN')) throw new NotFoundError(`casus ${caseId} bestaat niet`, { cause: error });
        throw new CaseClosedError(`casus ${caseId} is intussen veranderd (geannuleerd of al verder)`, { cause: error });
      }
      throw error;
    }
  }
}
