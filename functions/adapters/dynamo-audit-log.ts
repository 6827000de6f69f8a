import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog, Clock } from '../domain/ports';
import { config } from '../config';
import { documentClient } from './dynamo';

/** NEN 7513 log: put-only (the IAM grant allows nothing else), sortable by time. */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(entry: AuditEntry): Promise<void> {
    const at = this.clock.now().toISOString();
    await documentClient().send(
      new PutCommand({
        TableName: config().tableName('audit'),
        Item: { ...entry, at, auditId: `${at}#${randomUUID()}` },
        ConditionExpression: 'attribute_not_exists(auditId)',
      }),
    );
  }
}
