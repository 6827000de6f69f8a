import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
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
