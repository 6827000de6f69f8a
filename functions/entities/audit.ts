import type { AuditEntry } from '../domain/ports';

/** The NEN 7513 access log: one item per access, under the case; put-only (the IAM grant allows nothing else). */
export const auditTable = 'audit' as const;

export const auditCommands = {
  /** `auditId` sorts by time and is unique; the condition refuses to overwrite. */
  record: (table: string, entry: AuditEntry, at: string, uniqueId: string) => ({
    TableName: table,
    Item: { ...entry, at, auditId: `${at}#${uniqueId}` },
    ConditionExpression: 'attribute_not_exists(auditId)',
  }),
};
