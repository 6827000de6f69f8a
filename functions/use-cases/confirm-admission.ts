import { auditEntry } from '../domain/audit';
import type { Case } from '../domain/case';
import { ConflictError, HoldExpiredError } from '../domain/errors';
import type { Access } from '../domain/ports';
import { authorizeCase, logOnce } from './authorize';
import { requireCase } from './load-case';
import { noteWorkflowGone, type HeldBedActionDeps } from './note-workflow-gone';

export type ConfirmAdmissionDeps = HeldBedActionDeps<'sendTaskSuccess'>;

/** POST /cases/{caseId}/admission: the facility confirms; the held bed becomes occupied (logged in the same transaction). */
export async function confirmAdmission(deps: ConfirmAdmissionDeps, caseId: string, access: Access): Promise<Case> {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'confirm_admission', 'case.confirm_admission', c);
  const audit = auditEntry(access, 'case.confirm_admission', { caseId, bsn: c.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    if (c.status !== 'bed_held' || !c.hold) throw new ConflictError(`casus ${caseId} heeft geen lopende bedreservering (status ${c.status})`);
    if (c.hold.awaitingSo) throw new ConflictError(`casus ${caseId} wacht nog op het akkoord van de SO; opname kan daarna`);
    const now = deps.clock.now();
    if (c.hold.expiresAt <= now.toISOString()) throw new HoldExpiredError(`de bedreservering van casus ${caseId} is verlopen`);
    await deps.capacity.endHold({
      caseId,
      hold: c.hold,
      outcome: 'admission_confirmed',
      entry: { at: now.toISOString(), step: 'admission_confirmed', by: access.actor, detail: 'Opname bevestigd door de instelling' },
      now,
      audit,
  });
  written();
  if (c.admissionTaskToken && !(await deps.workflows.sendTaskSuccess(c.admissionTaskToken, { confirmedAt: now.toISOString() }))) {
    await noteWorkflowGone(deps, caseId);
  }
  return requireCase(deps.cases, caseId);
  });
}
