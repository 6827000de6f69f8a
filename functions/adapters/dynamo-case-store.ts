import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { awaitingWorkflowStatuses, type Actor, type Case, type CaseStatus, type CaseSummary, type Placement, type TimelineEntry } from '../domain/case';
import { CaseClosedError, CaseIdTakenError, CaseNotFoundError } from '../domain/errors';
import { systemClock, type CaseChange, type CaseStore, type Clock, type WorkflowWait } from '../domain/ports';
import type { Decision } from '../domain/triage/evaluate';
import type { StayClock } from '../domain/stay-clock';
import type { LinkedCase } from '../domain/continuity';
import { caseCommands, caseTable, linkedProjection, parseCaseItem, parseLinkedItem, parseSummaryItem, summaryProjection, waitProjection } from '../entities/case';
import { config } from '../config';
import { batchGetCases, documentClient, queryAll, type CaseProjection } from './dynamo';
import { failedCondition, TransactionFailedError, transactWriteOrThrow } from './dynamo-errors';
import { auditPut } from './dynamo-audit-log';

/** The case item's failed condition in a transaction, with the item as it stood. */
function caseConditionFailed(error: unknown): { item: Record<string, unknown> | undefined } | undefined {
  if (!(error instanceof TransactionFailedError)) return undefined;
  const c = error.outcome.items.case;
  return c?.code === 'ConditionalCheckFailed' ? { item: c.item } : undefined;
}

/** Cases in DynamoDB: sends what the case entity builds, and names a failed condition. */
export class DynamoCaseStore implements CaseStore {
  private get table(): string {
    return config().tableName(caseTable);
  }

  constructor(private readonly clock: Clock = systemClock) {}

  async create(item: Case, audit?: AuditEntry): Promise<void> {
    const put = caseCommands.create(this.table, item);
    try {
      if (audit) await transactWriteOrThrow({ case: { Put: put }, audit: { Put: await auditPut(this.clock, audit) } });
      else await documentClient().send(new PutCommand(put));
    } catch (error) {
      if (failedCondition(error) || caseConditionFailed(error)) throw new CaseIdTakenError(`case ${item.caseId} exists`, { cause: error });
      throw error;
    }
  }

  async get(caseId: string): Promise<Case | undefined> {
    const { Item } = await documentClient().send(new GetCommand(caseCommands.get(this.table, caseId)));
    return Item ? parseCaseItem(Item) : undefined;
  }

  async recordDecision(caseId: string, decision: Decision, status: CaseStatus, entry: TimelineEntry, audit?: AuditEntry): Promise<void> {
    await this.update(caseId, caseCommands.recordDecision(this.table, caseId, decision, status, entry), audit);
  }

  async appendTimeline(caseId: string, entry: TimelineEntry, change?: CaseChange, audit?: AuditEntry): Promise<void> {
    await this.update(caseId, caseCommands.appendTimeline(this.table, caseId, entry, change), audit);
  }

  async recordPlacement(caseId: string, placement: Placement, change: { status?: CaseStatus; owner?: Actor }, entry: TimelineEntry, audit?: AuditEntry): Promise<void> {
    await this.update(caseId, caseCommands.recordPlacement(this.table, caseId, placement, change, entry), audit, 'is niet meer open voor plaatsing');
  }

  async startAdmissionClock(caseId: string, expiresAt: string, entry: TimelineEntry, audit?: AuditEntry): Promise<void> {
    await this.update(caseId, caseCommands.startAdmissionClock(this.table, caseId, expiresAt, entry), audit, 'houdt geen bed meer vast');
  }

  async storeAdmissionToken(caseId: string, token: string, audit?: AuditEntry): Promise<void> {
    await this.update(caseId, caseCommands.storeAdmissionToken(this.table, caseId, token), audit, 'wacht niet meer op opname');
  }

  /**
   * The keys-only byRegion index gives the ids; a projected batch read fetches just the
   * summary fields, so no referral fact ever leaves the table for the overview.
   */
  async listSince(region: string, since: Date): Promise<CaseSummary[]> {
    const ids = (await queryAll(caseCommands.listSince(this.table, region, since))).map((i) => String(i.caseId));
    const items = await this.batchGet(ids, summaryProjection, 'overzicht');
    return items.map(parseSummaryItem).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * The keys-only awaitingWorkflow index gives the ids; a consistent, projected batch read
   * says where each stands now (a case may have moved since the index saw it).
   */
  async awaitingWorkflow(region: string, idleSince: Date): Promise<WorkflowWait[]> {
    const ids = (await queryAll(caseCommands.awaitingWorkflow(this.table, region))).map((i) => String(i.caseId));
    const items = (await this.batchGet(ids, { ...waitProjection, ConsistentRead: true }, 'veegronde')) as Array<Partial<WorkflowWait>>;
    const at = idleSince.toISOString();
    return items.filter(
      (i): i is WorkflowWait =>
        typeof i.executionArn === 'string' && typeof i.updatedAt === 'string' && i.updatedAt <= at && awaitingWorkflowStatuses.includes(i.status as CaseStatus),
    );
  }

  /**
   * The keys-only byPatient index gives the person's case ids; a projected batch read fetches
   * where each stands (no referral fact), the discharge time taken from its timeline.
   */
  async linkedCases(patientKey: string): Promise<LinkedCase[]> {
    const ids = (await queryAll(caseCommands.byPatient(this.table, patientKey))).map((i) => String(i.caseId));
    const items = await this.batchGet(ids, linkedProjection, 'samenhang');
    return items.map(parseLinkedItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private batchGet(ids: string[], projection: CaseProjection, what: string) {
    return batchGetCases(this.table, ids, projection, what);
  }


  async dueStayClocks(region: string, now: Date): Promise<string[]> {
    return (await queryAll(caseCommands.dueStayClocks(this.table, region, now))).map((i) => String(i.caseId));
  }

  async advanceStayClock(caseId: string, seenDue: string, entry: TimelineEntry, next?: Pick<StayClock, 'stayClockDue' | 'stayClockStep'>, audit?: AuditEntry): Promise<void> {
    await this.update(caseId, caseCommands.advanceStayClock(this.table, caseId, seenDue, entry, next), audit, 'is niet meer opgenomen, of de verblijfsklok is al verder');
  }

  async overdueHolds(region: string, before: Date): Promise<string[]> {
    return (await queryAll(caseCommands.overdueHolds(this.table, region, before))).map((i) => String(i.caseId));
  }

  /**
   * One case update, with its access-log entry in the same transaction when given. A failed
   * condition: the case is gone (no item came back), or it moved on (it did).
   */
  private async update(
    caseId: string,
    command: ReturnType<typeof caseCommands.appendTimeline>,
    audit?: AuditEntry,
    movedOn = 'is intussen veranderd (geannuleerd of al verder)',
  ): Promise<void> {
    try {
      if (audit) await transactWriteOrThrow({ case: { Update: command }, audit: { Put: await auditPut(this.clock, audit) } });
      else await documentClient().send(new UpdateCommand(command));
    } catch (error) {
      const failed = failedCondition(error) ?? caseConditionFailed(error);
      if (!failed) throw error;
      if (!failed.item) throw new CaseNotFoundError(caseId, { cause: error });
      const closed = new CaseClosedError(`casus ${caseId} ${movedOn}`, { cause: error });
      // What a step that did not read the case first needs to tell its own retry from a real move on.
      const { status, decision, placement, hold } = failed.item as NonNullable<CaseClosedError['current']>;
      closed.current = { status, decision, placement, hold };
      throw closed;
    }
  }
}
