import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { caseSchema, caseSummarySchema, type Case, type CaseStatus, type CaseSummary, type TimelineEntry } from '../domain/case';
import { CaseClosedError, ConflictError, NotFoundError } from '../domain/errors';
import type { CaseChange, CaseStore } from '../domain/ports';
import type { Decision } from '../domain/triage/evaluate';
import { config } from '../config';
import { documentClient, queryAll } from './dynamo';
import { retryUntil } from '../lib/deadline';

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

  /**
   * The keys-only byRegion index gives the ids; a projected batch read fetches just the
   * summary fields, so no referral fact ever leaves the table for the overview.
   */
  async listSince(region: string, since: Date): Promise<CaseSummary[]> {
    const ids = (
      await queryAll({
        TableName: this.table,
        IndexName: 'byRegion',
        KeyConditionExpression: '#region = :region AND createdAt >= :since',
        ExpressionAttributeNames: { '#region': 'region' },
        ExpressionAttributeValues: { ':region': region, ':since': since.toISOString() },
      })
    ).map((i) => String(i.caseId));
    const items: Array<Record<string, unknown>> = [];
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Array<Record<string, unknown>> = ids.slice(i, i + 100).map((caseId) => ({ caseId }));
      const until = retryUntil(10_000);
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt > 0) {
          if (Date.now() > until) throw new Error(`overzicht: ${keys.length} casussen bleven onverwerkt (DynamoDB throttling)`);
          await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
        }
        const { Responses, UnprocessedKeys } = await documentClient().send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: keys,
                ProjectionExpression: 'caseId, #status, #owner, placement, createdAt, updatedAt, decision.destination, referral.presentation.urgency',
                ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
              },
            },
          }),
        );
        items.push(...(Responses?.[this.table] ?? []));
        keys = (UnprocessedKeys?.[this.table]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
      }
    }
    const summaries = items.map((item) => {
      const { decision, referral, ...rest } = item as { decision?: { destination?: string }; referral?: { presentation?: { urgency?: string } } };
      return caseSummarySchema.parse({ ...rest, destination: decision?.destination, urgency: referral?.presentation?.urgency });
    });
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
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
