import { auditEntry } from '../domain/audit';
import { openWithoutBedStatuses, type Case } from '../domain/case';
import { CaseClosedError, ConflictError } from '../domain/errors';
import type { Access } from '../domain/ports';
import { authorizeCase, logOnce } from './authorize';
import { requireCase, retryOnLostRace } from './load-case';
import { noteWorkflowGone, type HeldBedActionDeps } from './note-workflow-gone';
import { tellDeskBedFreed, type TellDeskDeps } from './tell-desk-bed-freed';

export type CancelCaseDeps = HeldBedActionDeps<'sendTaskFailure'> & TellDeskDeps;

/**
 * POST /cases/{caseId}/cancel: ends the case; a held bed returns to the pool at once, and the
 * transfer nurse desk asked to confirm it is texted that nobody comes (unless it cancelled).
 * Every write is conditional on the state it saw, so a cancel racing the workflow
 * (which may hold a bed in between) either cancels the hold too or retries. The access-log
 * entry is written in the same transaction as the change.
 */
export async function cancelCase(deps: CancelCaseDeps, caseId: string, access: Access): Promise<Case> {
  const first = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'cancel', 'case.cancel', first);
  const audit = auditEntry(access, 'case.cancel', { caseId, bsn: first.referral.patient.bsn }, outcome);
  await logOnce(deps, audit, (written) => retryOnLostRace(
    deps.cases,
    first,
    async (c) => {
      const now = deps.clock.now();
      const entry = { at: now.toISOString(), step: 'cancelled', by: access.actor, detail: 'Casus geannuleerd' };
      if (c.status === 'bed_held' && c.hold) {
        await deps.capacity.endHold({ caseId, hold: c.hold, outcome: 'cancelled', entry, now, audit, tokenSeen: { token: c.admissionTaskToken } });
        written();
        if (c.admissionTaskToken && !(await deps.workflows.sendTaskFailure(c.admissionTaskToken, 'CaseCancelled', 'Casus geannuleerd'))) {
          await noteWorkflowGone(deps, caseId);
        }
        await tellDeskBedFreed(deps, c, 'cancelled', access.principal);
      } else if (openWithoutBedStatuses.includes(c.status)) {
        await deps.cases.appendTimeline(caseId, entry, { status: 'cancelled', from: openWithoutBedStatuses }, audit);
        written();
      } else {
        throw new ConflictError(`casus ${caseId} kan niet meer geannuleerd worden (status ${c.status})`);
      }
    },
    // The workflow moved the case on between our read and our write: read again.
    (error, c) => error instanceof CaseClosedError || (error instanceof ConflictError && c.status === 'bed_held'),
  ));
  return requireCase(deps.cases, caseId);
}
