import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
