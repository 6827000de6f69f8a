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

  /**
   * Every entry about one person. Entries that name the person carry the patient key (the
   * referral's own, a person's reads and writes); a workflow step's entry names only the
   * case, as the step never reads the BSN. So: the person's entries by key, then every entry
   * of the cases those name. Complete, because the creating entry of each case carries the key.
   */
  async byBsn(bsn: string): Promise<AuditRecord[]> {
    const key = await patientKeyOf(bsn);
    if (!key) return [];
    const keyed = await queryAll(auditCommands.byPatient(this.table, key));
    const caseIds = [...new Set(keyed.map((i) => String(i.caseId)))];
    const ofCases = (await Promise.all(caseIds.map((caseId) => queryAll(auditCommands.byCase(this.table, caseId))))).flat();
    const byId = new Map<string, Record<string, unknown>>();
    for (const item of [...keyed, ...ofCases]) byId.set(`${String(item.caseId)}|${String(item.auditId)}`, item);
    return [...byId.values()].sort((a, b) => String(a.auditId).localeCompare(String(b.auditId))).map(toRecord);
  }
}
