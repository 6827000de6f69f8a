import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit';
import type { AuditLog, Clock } from '../domain/ports';
import { auditCommands, auditTable } from '../entities/audit';
import { config } from '../config';
import { documentClient } from './dynamo';
import { patientKeyOf } from './patient-key';

/** The put of an access-log entry: alone, or as one item of the transaction that makes the change it records. */
export async function auditPut(clock: Clock, entry: AuditEntry) {
  return auditCommands.record(config().tableName(auditTable), entry, clock.now().toISOString(), randomUUID(), await patientKeyOf(entry.bsn));
}

/** NEN 7513 log: put-only (the IAM grant allows nothing else), sortable by time. */
export class DynamoAuditLog implements AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(entry: AuditEntry): Promise<void> {
    await documentClient().send(new PutCommand(await auditPut(this.clock, entry)));
  }
}
