import type { AuditEntry } from '../domain/audit';

/**
 * The NEN 7513 access log: one item per access, under the case (or other subject);
 * put-only, with `attribute_not_exists` on a random key, so nothing is ever overwritten.
 */
export const auditTable = 'audit' as const;

export const auditIndexes = {
  /** Every entry about one person, by pseudonymous patient key. */
  byPatient: 'byPatient',
  /** Sparse: refusals and break-the-glass accesses, by outcome. */
  flagged: 'flagged',
} as const;

/** The stored item: never the BSN, only its keyed hash (`patientKey`). */
export function auditItem(entry: AuditEntry, at: string, uniqueId: string, patientKey: string | undefined): Record<string, unknown> {
  const { bsn: _bsn, ...rest } = entry;
  return {
    ...rest,
    at,
    auditId: `${at}#${uniqueId}`,
    ...(patientKey ? { patientKey } : {}),
    ...(entry.outcome !== 'allowed' ? { flagged: entry.outcome } : {}),
  };
}

export const auditCommands = {
  record: (table: string, entry: AuditEntry, at: string, uniqueId: string, patientKey: string | undefined) => ({
    TableName: table,
    Item: auditItem(entry, at, uniqueId, patientKey),
    ConditionExpression: 'attribute_not_exists(auditId)',
  }),
  byCase: (table: string, caseId: string) => ({ TableName: table, KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': caseId } }),
  byPatient: (table: string, patientKey: string) => ({
    TableName: table,
    IndexName: auditIndexes.byPatient,
    KeyConditionExpression: 'patientKey = :p',
    ExpressionAttributeValues: { ':p': patientKey },
  }),
  flagged: (table: string, outcome: 'refused' | 'break_glass') => ({
    TableName: table,
    IndexName: auditIndexes.flagged,
    KeyConditionExpression: 'flagged = :o',
    ExpressionAttributeValues: { ':o': outcome },
  }),
};
