import { auditEntry } from '../domain/audit';
import type { Case } from '../domain/case';
import { CaseNotFoundError } from '../domain/errors';
import type { Access, AuditLog, CaseStore } from '../domain/ports';

/** The case, or CaseNotFoundError. */
export async function requireCase(cases: Pick<CaseStore, 'get'>, caseId: string): Promise<Case> {
  const found = await cases.get(caseId);
  if (!found) throw new CaseNotFoundError(caseId);
  return found;
}

/** The case, read by a workflow step (the system, on behalf of whoever started it): the read is logged (NEN 7513). */
export async function loadCase(deps: { cases: Pick<CaseStore, 'get'>; audit: AuditLog }, caseId: string, access: (c: Case) => Access): Promise<Case> {
  const found = await requireCase(deps.cases, caseId);
  await deps.audit.record(auditEntry(access(found), 'workflow.read', { caseId, bsn: found.referral.patient.bsn }));
  return found;
}

/**
 * Every write is conditional on the state it read. When the case changed in between (the
 * workflow moved it on, a person acted), `lostRace` says so: read again and try again, at
 * most `times` times; any other error, or the last lost race, goes to the caller.
 */
export async function retryOnLostRace<T>(
  cases: Pick<CaseStore, 'get'>,
  first: Case,
  attempt: (c: Case) => Promise<T>,
  lostRace: (error: unknown, c: Case) => boolean,
  times = 5,
): Promise<T> {
  let c = first;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt(c);
    } catch (error) {
      if (!lostRace(error, c) || tries >= times) throw error;
    }
    // The access is already logged with the first read.
    c = await requireCase(cases, c.caseId);
  }
}
