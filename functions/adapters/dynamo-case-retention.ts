import type { AuditEntry } from '../domain/audit';
import type { Case } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import { systemClock, type Clock } from '../domain/ports';
import { anonymiseCommand, caseTable, createdBefore, retentionProjection } from '../entities/case-retention';
import type { CaseRetention, OldCase } from '../use-cases/anonymise-old-cases';
import { config } from '../config';
import { batchGetCases, queryAll } from './dynamo';
import { auditPut } from './dynamo-audit-log';
import { failedCondition, TransactionFailedError, transactWriteOrThrow } from './dynamo-errors';

/** Old cases in DynamoDB: the keys-only byRegion index, a projected consistent batch read, and the anonymised case with its access-log entry in one transaction. */
export class DynamoCaseRetention implements CaseRetention {
  private get table(): string {
    return config().tableName(caseTable);
  }

  constructor(private readonly clock: Clock = systemClock) {}

  async createdBefore(region: string, before: Date): Promise<OldCase[]> {
    const ids = (await queryAll(createdBefore(this.table, region, before))).map((i) => String(i.caseId));
    const items = await batchGetCases(this.table, ids, { ...retentionProjection, ConsistentRead: true }, 'bewaartermijn');
    return items.map((i) => ({
      caseId: String(i.caseId),
      status: i.status as OldCase['status'],
      createdAt: String(i.createdAt),
      version: Number(i.version),
      ...(typeof i.anonymisedAt === 'string' ? { anonymisedAt: i.anonymisedAt } : {}),
    }));
  }

  async anonymise(anonymised: Case, seenVersion: number, audit: AuditEntry): Promise<void> {
    try {
      await transactWriteOrThrow({ case: { Put: anonymiseCommand(this.table, anonymised, seenVersion) }, audit: { Put: await auditPut(this.clock, audit) } });
    } catch (error) {
      const lost = failedCondition(error) ?? (error instanceof TransactionFailedError && error.outcome.items.case?.code === 'ConditionalCheckFailed');
      if (lost) throw new CaseClosedError(`casus ${anonymised.caseId} is intussen veranderd`, { cause: error });
      throw error;
    }
  }
}
