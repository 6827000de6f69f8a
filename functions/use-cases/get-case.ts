import { caseViewFor } from '../domain/access-policy';
import { auditEntry } from '../domain/audit';
import { publicCase, type Case } from '../domain/case';
import type { Access, AuditLog, CaseStore } from '../domain/ports';
import { authorizeCase } from './authorize';
import { requireCase } from './load-case';

/**
 * GET /cases/{caseId}: the case as this person may see it (need-to-know; the BSN masked
 * where their role may not see it). One access-log entry: allowed, break the glass, or refused.
 */
export async function getCase(deps: { cases: Pick<CaseStore, 'get'>; audit: AuditLog }, caseId: string, access: Access) {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'read', 'case.read', c);
  await deps.audit.record(auditEntry(access, 'case.read', { caseId, bsn: c.referral.patient.bsn }, outcome));
  return caseFor(access, c);
}

/** A case as an answer to this person: without internal tokens, the BSN masked where their role may not see it. */
export function caseFor(access: Access, c: Case) {
  const shown = publicCase(c);
  return access.principal ? caseViewFor(access.principal, shown) : shown;
}
