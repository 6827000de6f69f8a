import { caseViewFor } from '../domain/access-policy';
import { auditEntry } from '../domain/audit';
import { publicCase, type Case } from '../domain/case';
import type { Access, AuditLog, CaseStore } from '../domain/ports';
import { authorizeCase } from './authorize';
import { continuityFor, type ContinuityDeps } from './continuity';
import { requireCase } from './load-case';

/**
 * GET /cases/{caseId}: the case as this person may see it (need-to-know; the BSN masked
 * where their role may not see it). One access-log entry: allowed, break the glass, or refused.
 * With `continuity`: the person's earlier cases the caller may open by id, the others only
 * counted (each linked case read logged as `case.link`).
 */
export async function getCase(deps: { cases: Pick<CaseStore, 'get'> & ContinuityDeps['cases']; audit: AuditLog; patientKeys: ContinuityDeps['patientKeys'] }, caseId: string, access: Access) {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'read', 'case.read', c);
  await deps.audit.record(auditEntry(access, 'case.read', { caseId, bsn: c.referral.patient.bsn }, outcome));
  return { ...caseFor(access, c), continuity: await continuityFor(deps, c, access) };
}

/** A case as an answer to this person: without internal tokens, the BSN masked where their role may not see it. */
export function caseFor(access: Access, c: Case) {
  const shown = publicCase(c);
  return access.principal ? caseViewFor(access.principal, shown) : shown;
}
