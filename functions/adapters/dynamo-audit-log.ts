import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog, Clock } from '../domain/ports';
import { auditCommands, auditTable } from '../entities/audit';
import { config } from '../config';
import { documentClient } from './dynamo';

/** NEN 7513 log: put-only (the IAM grant allows nothing else), sortable by time. */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(entry: AuditEntry): Promise<void> {
    await documentClient().send(new PutCommand(auditCommands.record(config().tableName(auditTable), entry, this.clock.now().toISOString(), randomUUID())));
  }
}
