import { publicCase } from '../domain/case';
import type { Access, AuditLog, CaseStore } from '../domain/ports';
import { loadCase } from './load-case';

/** GET /cases/{caseId}: the case, without internal tokens; the read is logged (NEN 7513). */
export async function getCase(deps: { cases: Pick<CaseStore, 'get'>; audit: AuditLog }, caseId: string, access: Access) {
  return publicCase(await loadCase(deps, caseId, access));
}
