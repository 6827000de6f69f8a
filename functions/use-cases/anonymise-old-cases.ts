import { anonymiseCase, dueForAnonymising, openCaseGraceDays, retentionCutoff } from '../domain/anonymise';
import { auditEntry } from '../domain/audit';
import type { Case, CaseStatus } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import type { AuditEntry, CaseStore, Clock } from '../domain/ports';
import { workflowAccess } from './authorize';

const via = 'schedule:AnonymiseOldCases';

/** Cases anonymised at a time. */
const concurrency = 8;

/** An old case as the job sees it first: whether it is due, no patient fact. */
export interface OldCase {
  caseId: string;
  status: CaseStatus;
  createdAt: string;
  anonymisedAt?: string;
  version: number;
}

/** The cases table after the retention. */
export interface CaseRetention {
  /** The region's cases created before `before` (the keys-only byRegion index, never a scan). */
  createdBefore(region: string, before: Date): Promise<OldCase[]>;
  /** Writes the anonymised case in place of the stored one, with its access-log entry (one transaction); only at `seenVersion`, else CaseClosedError. */
  anonymise(anonymised: Case, seenVersion: number, audit: AuditEntry): Promise<void>;
}

export interface AnonymiseOldCasesDeps {
  cases: Pick<CaseStore, 'get'>;
  retention: CaseRetention;
  clock: Clock;
}

export interface AnonymiseOldCasesResult {
  anonymised: string[];
  /** Due, but changed between the read and the write: the next run tries again. */
  moved: string[];
  failed: Array<{ caseId: string; error: unknown }>;
}

/**
 * Scheduled job AnonymiseOldCases: the region's cases created more than `retentionDays` ago
 * that are not yet anonymised, and closed (112, discharged, cancelled) or older than the
 * retention plus `graceDays`, keep only what the figures read (`functions/domain/anonymise.ts`).
 * Each write is conditional on the version read, with one access-log entry (the system,
 * `workflow.update`; the BSN gives the patient key before it is removed). A second run finds
 * nothing to do.
 */
export async function anonymiseOldCases(
  deps: AnonymiseOldCasesDeps,
  region: string,
  retentionDays: number,
  graceDays: number = openCaseGraceDays,
): Promise<AnonymiseOldCasesResult> {
  const now = deps.clock.now();
  const result: AnonymiseOldCasesResult = { anonymised: [], moved: [], failed: [] };
  const due = (await deps.retention.createdBefore(region, retentionCutoff(now, retentionDays))).filter((c) => dueForAnonymising(c, now, retentionDays, graceDays));
  let next = 0;
  const worker = async () => {
    for (let old = due[next++]; old; old = due[next++]) {
      try {
        const outcome = await anonymiseOne(deps, old.caseId, now, retentionDays, graceDays);
        if (outcome === 'anonymised') result.anonymised.push(old.caseId);
        else result.moved.push(old.caseId);
      } catch (error) {
        result.failed.push({ caseId: old.caseId, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
  return result;
}

async function anonymiseOne(deps: AnonymiseOldCasesDeps, caseId: string, now: Date, retentionDays: number, graceDays: number): Promise<'anonymised' | 'moved'> {
  const c = await deps.cases.get(caseId);
  // Gone, or reopened/anonymised since the index was read.
  if (!c || !dueForAnonymising(c, now, retentionDays, graceDays)) return 'moved';
  // The job acts as the system on its own account, on behalf of nobody.
  const audit = auditEntry(workflowAccess(undefined, via), 'workflow.update', { caseId: c.caseId, bsn: c.referral.patient.bsn });
  try {
    await deps.retention.anonymise(anonymiseCase(c, now), c.version, audit);
    return 'anonymised';
  } catch (error) {
    // The case changed after it was read: harmless, the next run sees it again.
    if (error instanceof CaseClosedError) return 'moved';
    throw error;
  }
}
