import type { Case } from '../domain/case';
import { caseIndexes, caseKey, caseTable } from './case';

/**
 * The cases table after the retention: which cases are old (the keys-only byRegion index,
 * a key condition on createdAt, never a scan), and the anonymised case written in their
 * place. Pure command builders.
 */
export { caseTable };

/** The region's case ids created before `before`. */
export const createdBefore = (table: string, region: string, before: Date) => ({
  TableName: table,
  IndexName: caseIndexes.byRegion,
  KeyConditionExpression: '#region = :region AND createdAt < :before',
  ExpressionAttributeNames: { '#region': 'region' },
  ExpressionAttributeValues: { ':region': region, ':before': before.toISOString() },
});

/** What the job reads of an old case first: whether it is due, no patient fact. */
export const retentionProjection = {
  ProjectionExpression: '#caseId, #status, #createdAt, #anonymisedAt, #version',
  ExpressionAttributeNames: { '#caseId': 'caseId', '#status': 'status', '#createdAt': 'createdAt', '#anonymisedAt': 'anonymisedAt', '#version': 'version' },
};

/**
 * The anonymised case in place of the stored one, only if that is still at the version read
 * (a case that moved meanwhile is left for the next run). A put: nothing of the old item stays.
 */
export const anonymiseCommand = (table: string, anonymised: Case, seenVersion: number) => ({
  TableName: table,
  Item: anonymised,
  ConditionExpression: 'attribute_exists(caseId) AND #version = :seen AND attribute_not_exists(#anonymisedAt)',
  ExpressionAttributeNames: { '#version': 'version', '#anonymisedAt': 'anonymisedAt' },
  ExpressionAttributeValues: { ':seen': seenVersion },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
});

export { caseKey };
