import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { retryUntil } from '../lib/deadline';
import { config } from '../config';

let client: DynamoDBDocumentClient | undefined;

/** One document client per process, pointed at DynamoDB Local when DYNAMODB_ENDPOINT is set. */
export function documentClient(): DynamoDBDocumentClient {
  if (client) return client;
  const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
  const base = new DynamoDBClient({
    region: AWS_REGION,
    ...(DYNAMODB_ENDPOINT
      ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  return client;
}

export function resetDocumentClient(): void {
  client = undefined;
}

type Page = { Items?: Array<Record<string, unknown>>; LastEvaluatedKey?: Record<string, unknown> };

/** Follows LastEvaluatedKey to the end. */
async function allPages(read: (startKey: Record<string, unknown> | undefined) => Promise<Page>): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await read(startKey);
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of a scan, all pages. For the small tables (facilities, rosters) and local tools. */
export const scanAll = (input: ScanCommandInput) => allPages((ExclusiveStartKey) => documentClient().send(new ScanCommand({ ...input, ExclusiveStartKey })));

/** Every item a query finds, all pages (e.g. an index of the region's held beds). */
export const queryAll = (input: QueryCommandInput) => allPages((ExclusiveStartKey) => documentClient().send(new QueryCommand({ ...input, ExclusiveStartKey })));

export interface CaseProjection {
  ProjectionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ConsistentRead?: boolean;
}

/**
 * A projected batch read of these cases, 100 at a time, retrying what DynamoDB left
 * unprocessed (throttling) with backoff, for at most 10 s; `what` names the reader in the error.
 */
export async function batchGetCases(table: string, ids: string[], projection: CaseProjection, what: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Array<Record<string, unknown>> = ids.slice(i, i + 100).map((caseId) => ({ caseId }));
    const until = retryUntil(10_000);
    for (let attempt = 0; keys.length; attempt++) {
      if (attempt > 0) {
        if (Date.now() > until) throw new Error(`${what}: ${keys.length} casussen bleven onverwerkt (DynamoDB throttling)`);
        await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
      }
      const { Responses, UnprocessedKeys } = await documentClient().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ...projection } } }));
      items.push(...(Responses?.[table] ?? []));
      keys = (UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return items;
}
