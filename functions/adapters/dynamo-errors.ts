import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { retryUntil } from '../lib/deadline';
import { documentClient } from './dynamo';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * What a failed condition returned (commands built with ReturnValuesOnConditionCheckFailure
 * ALL_OLD): `undefined` when the error is no failed condition; `{ item: undefined }` when
 * the item does not exist; else the item as it stood.
 */
export function failedCondition(error: unknown): { item: Record<string, unknown> | undefined } | undefined {
  if (!(error instanceof ConditionalCheckFailedException)) return undefined;
  return { item: error.Item ? unmarshall(error.Item as never) : undefined };
}

export type TransactionOutcome<K extends string> =
  | { ok: true }
  /** Per named item of the transaction: its cancellation code and, for a failed condition with ALL_OLD, the item as it stood. */
  | { ok: false; conflict: boolean; items: Record<K, { code: string; item?: Record<string, unknown> }> };

/** The cancellation reasons of a transaction, by the names its items were given. */
export function cancellation<K extends string>(error: unknown, names: readonly K[]): TransactionOutcome<K> | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const items = Object.fromEntries(
    names.map((name, i) => {
      const reason = reasons[i];
      return [name, { code: reason?.Code ?? 'None', ...(reason?.Item ? { item: unmarshall(reason.Item as never) } : {}) }];
    }),
  ) as Record<K, { code: string; item?: Record<string, unknown> }>;
  return { ok: false, conflict: reasons.some((r) => r.Code === 'TransactionConflict'), items };
}

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * One transaction of named items. When another one touched the same items at the same
 * moment (TransactionConflict) it is tried again after a short random pause; when a
 * condition fails, the outcome says which item's, by name.
 */
export async function transactWrite<K extends string>(items: Partial<Record<K, TransactItem>>): Promise<TransactionOutcome<K>> {
  const names = (Object.keys(items) as K[]).filter((n) => items[n]);
  // A budget in time, not in tries: under a burst (200 referrals for one ward) a slow
  // machine may need many rounds. At most 10 s, and never past the invocation's own end
  // (a placement may try several facilities in one Lambda call).
  const deadline = retryUntil(10_000);
  for (let attempt = 0; ; attempt++) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: names.map((n) => items[n] as TransactItem) }));
      return { ok: true };
    } catch (error) {
      const outcome = cancellation(error, names);
      if (!outcome || outcome.ok) throw error;
      if (outcome.conflict && Date.now() < deadline) {
        await sleep(5 + Math.random() * Math.min(250, 20 * (attempt + 1)));
        continue;
      }
      if (Object.values<{ code: string }>(outcome.items).some((i) => i.code === 'ConditionalCheckFailed')) return outcome;
      throw error;
    }
  }
}


/** A transaction whose conditions failed, for callers that handle it as an error. */
export class TransactionFailedError extends Error {
  override readonly name = 'TransactionFailedError';
  constructor(readonly outcome: Extract<TransactionOutcome<string>, { ok: false }>) {
    super('transaction cancelled: a condition failed');
  }
}

/** `transactWrite`, throwing TransactionFailedError when a condition failed. */
export async function transactWriteOrThrow<K extends string>(items: Partial<Record<K, TransactItem>>): Promise<void> {
  const outcome = await transactWrite(items);
  if (!outcome.ok) throw new TransactionFailedError(outcome as Extract<TransactionOutcome<string>, { ok: false }>);
}
