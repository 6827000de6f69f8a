import { auditEntry } from '../domain/audit';
import type { Case } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Access, AuditLog, Capacity, CaseStore, Clock } from '../domain/ports';
import { authorizeCase, logOnce } from './authorize';
import { requireCase } from './load-case';

export interface DischargeCaseDeps {
  cases: Pick<CaseStore, 'get'>;
  capacity: Pick<Capacity, 'discharge'>;
  audit: AuditLog;
  clock: Clock;
}

/** POST /cases/{caseId}/discharge: the patient leaves the facility; the bed is free again (logged in the same transaction). */
export async function dischargeCase(deps: DischargeCaseDeps, caseId: string, access: Access): Promise<Case> {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'discharge', 'case.discharge', c);
  const audit = auditEntry(access, 'case.discharge', { caseId, bsn: c.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    const where = c.placement;
    if (c.status !== 'admission_confirmed' || !where?.facilityId || !where.ward) {
      throw new ConflictError(`casus ${caseId} is niet opgenomen (status ${c.status})`);
    }
    await deps.capacity.discharge({
      caseId,
      facilityId: where.facilityId,
      ward: where.ward,
      entry: { at: deps.clock.now().toISOString(), step: 'discharged', by: access.actor, detail: 'Ontslagen; bed vrijgegeven' },
      audit,
  });
  written();
  return requireCase(deps.cases, caseId);
  });
}
