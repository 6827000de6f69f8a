import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConflictError, ValidationError } from '../domain/errors';
import { config } from '../config';

/**
 * Requests sent with an `Idempotency-Key` header (e.g. a referral the GP's system retries):
 * the same key from the same person gives the first answer again, and does the work once.
 * Powertools idempotency keeps the answers in the idempotency table for a day; a different
 * body under the same key is refused rather than answered with another request's result.
 */
let layer: { table: string; store: DynamoDBPersistenceLayer } | undefined;

function persistenceStore(): DynamoDBPersistenceLayer {
  const table = config().tableName('idempotency');
  if (layer?.table !== table) {
    const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
    const client = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    layer = { table, store: new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client: client }) };
  }
  return layer.store;
}

/** An Idempotency-Key is opaque to us: printable, not too long. */
export const idempotencyKeyPattern = /^[\x21-\x7e]{8,128}$/;

/** Runs `work` once per (person, key); `payload` must be the same on a retry. */
export async function onceForKey<T extends object>(scope: { username: string; key: string }, payload: unknown, work: () => Promise<T>): Promise<T> {
  if (!idempotencyKeyPattern.test(scope.key)) throw new ValidationError([{ path: 'Idempotency-Key', message: '8 tot 128 zichtbare tekens' }]);
  const run = makeIdempotent(async (_request: { username: string; key: string; payload: unknown }) => work(), {
    persistenceStore: persistenceStore(),
    config: new IdempotencyConfig({ eventKeyJmesPath: '[username, key]', payloadValidationJmesPath: 'payload', expiresAfterSeconds: 24 * 3600 }),
  });
  try {
    return (await run({ ...scope, payload })) as T;
  } catch (error) {
    if (error instanceof IdempotencyValidationError) throw new ConflictError('deze Idempotency-Key is al gebruikt voor een andere verwijzing', { cause: error });
    if (error instanceof IdempotencyAlreadyInProgressError) throw new ConflictError('deze verwijzing is nog in behandeling; probeer het zo opnieuw', { cause: error });
    throw error;
  }
}
