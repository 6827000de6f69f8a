import type { AuditReader, AuditRecord } from '../domain/ports';
import { auditCommands, auditTable } from '../entities/audit';
import { config } from '../config';
import { queryAll } from './dynamo';
import { patientKeyOf } from './patient-key';

const toRecord = (item: Record<string, unknown>) => item as unknown as AuditRecord;

/** The access log read back for the privacy officer: by case (the key), by person or by flagged outcome (the indexes). */
export class DynamoAuditReader implements AuditReader {
  private get table(): string {
    return config().tableName(auditTable);
  }

  async byCase(caseId: string): Promise<AuditRecord[]> {
    return (await queryAll(auditCommands.byCase(this.table, caseId))).map(toRecord);
  }

  async flagged(outcome: 'refused' | 'break_glass'): Promise<AuditRecord[]> {
    return (await queryAll(auditCommands.flagged(this.table, outcome))).map(toRecord);
  }

  async byBsn(bsn: string): Promise<AuditRecord[]> {
    const key = await patientKeyOf(bsn);
    return key ? (await queryAll(auditCommands.byPatient(this.table, key))).map(toRecord) : [];
  }
}
