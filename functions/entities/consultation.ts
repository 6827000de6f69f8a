import type { ConsultationAnswer, ConsultationRecord } from '../domain/consultation';

/** The consultation entity: a request by the hash of its link's token; the plain token exists only in the SMS. */
export const consultationTable = 'consultations' as const;

export const consultationKey = (tokenHash: string) => ({ tokenHash });

/** Kept a week after the link expires, then DynamoDB's TTL removes it. */
export const consultationTtlAttribute = 'ttl';

export const consultationCommands = {
  put: (table: string, record: ConsultationRecord & { ttl: number }) => ({ TableName: table, Item: record, ConditionExpression: 'attribute_not_exists(tokenHash)' }),
  get: (table: string, tokenHash: string) => ({ TableName: table, Key: consultationKey(tokenHash), ConsistentRead: true }),
  /** Single use: only an unanswered, unexpired request takes the answer. */
  answer: (table: string, tokenHash: string, answer: ConsultationAnswer, advice: string | undefined, now: Date) => ({
    TableName: table,
    Key: consultationKey(tokenHash),
    UpdateExpression: `SET answeredAt = :now, #answer = :answer${advice ? ', advice = :advice' : ''}`,
    ExpressionAttributeNames: { '#answer': 'answer' },
    ConditionExpression: 'attribute_exists(tokenHash) AND attribute_not_exists(answeredAt) AND expiresAt > :now',
    ExpressionAttributeValues: { ':now': now.toISOString(), ':answer': answer, ...(advice ? { ':advice': advice } : {}) },
  }),
};
