import { auditEntry } from '../domain/audit';
import { coordinatorOf, systemActor, withCoordinator } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Capacity, CaseStore, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface SoDeclinedDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get'>;
  capacity: Pick<Capacity, 'endHold'>;
  roster: Pick<Roster, 'coordinator'>;
}

/**
 * Workflow step SoDeclined: the SO found the herstelkliniek not suitable for this patient
 * (their reason is on the timeline). The bed is released at once and the coordinator
 * takes the case, texted without the reason (a text carries no clinical content).
 */
export async function soDeclined(deps: SoDeclinedDeps, caseId: string): Promise<{ released: boolean }> {
  const c = await loadCase(deps, caseId, (found) => workflowAccess(found, 'workflow:SoDeclined'));
  if (c.status !== 'bed_held' || !c.hold) return { released: false };
  const now = deps.clock.now();
  try {
    await deps.capacity.endHold({
      caseId,
      hold: c.hold,
      outcome: withCoordinator,
      owner: coordinatorOf(c.region),
      entry: { at: now.toISOString(), step: 'so_declined', by: systemActor, detail: 'De SO vindt de herstelkliniek niet passend (reden hierboven); bed vrijgegeven, de coördinator neemt over' },
      now,
      audit: auditEntry(workflowAccess(c, 'workflow:SoDeclined'), 'workflow.update', { caseId, bsn: c.referral.patient.bsn }),
    });
  } catch (error) {
    // Cancelled in the same moment: nothing left to release.
    if (error instanceof ConflictError) return { released: false };
    throw error;
  }
  const coordinator = await deps.roster.coordinator(now);
  await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId, body: smsTemplates.soDeclined(smsContext(deps, c)) });
  return { released: true };
}
