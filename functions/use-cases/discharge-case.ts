import type { Case } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Access, AuditLog, Capacity, CaseStore, Clock } from '../domain/ports';
import { loadCase, requireCase } from './load-case';

export interface DischargeCaseDeps {
  cases: Pick<CaseStore, 'get'>;
  capacity: Pick<Capacity, 'discharge'>;
  audit: AuditLog;
  clock: Clock;
}

/** POST /cases/{caseId}/discharge: the patient leaves the facility; the bed is free again. */
export async function dischargeCase(deps: DischargeCaseDeps, caseId: string, access: Access): Promise<Case> {
  const c = await loadCase(deps, caseId, access);
  const where = c.placement;
  if (c.status !== 'admission_confirmed' || !where?.facilityId || !where.ward) {
    throw new ConflictError(`casus ${caseId} is niet opgenomen (status ${c.status})`);
  }
  await deps.capacity.discharge({
    caseId,
    facilityId: where.facilityId,
    ward: where.ward,
    entry: { at: deps.clock.now().toISOString(), step: 'discharged', by: access.actor, detail: 'Ontslagen; bed vrijgegeven' },
  });
  await deps.audit.record({ caseId, actor: access.actor, action: 'update', via: access.via });
  return requireCase(deps.cases, caseId);
}
