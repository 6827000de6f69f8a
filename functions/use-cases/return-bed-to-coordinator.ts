import { auditEntry } from '../domain/audit';
import { coordinatorOf, systemActor, type Case } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Capacity, EndHoldInput, Roster } from '../domain/ports';
import type { HoldRelease, SmsContext } from '../domain/sms';
import { workflowAccess } from './authorize';
import { smsContext, type TextingDeps } from './sms-context';
import { tellDeskBedFreed } from './tell-desk-bed-freed';

export interface ReturnBedDeps extends TextingDeps {
  capacity: Pick<Capacity, 'endHold' | 'get'>;
  roster: Pick<Roster, 'coordinator'>;
}

/**
 * A workflow step gives a held bed back and the coordinator takes the case, texted: after
 * the hold ran out (ReleaseHold) or the SO declined the herstelkliniek (SoDeclined). The
 * change and its access-log entry are one transaction. With `desk`, the desk that was asked to
 * confirm the admission hears why the bed went back (the SO gate's decline comes before it was asked).
 * Confirmed or cancelled in the same moment: nothing to release, and nobody is texted.
 */
export async function returnBedToCoordinator(
  deps: ReturnBedDeps,
  c: Case,
  how: { outcome: EndHoldInput['outcome']; step: string; detail: string; via: string; text: (context: SmsContext) => string; desk?: HoldRelease },
): Promise<{ released: boolean }> {
  if (!c.hold || c.status !== 'bed_held') return { released: false };
  const now = deps.clock.now();
  try {
    await deps.capacity.endHold({
      caseId: c.caseId,
      hold: c.hold,
      outcome: how.outcome,
      owner: coordinatorOf(c.region),
      entry: { at: now.toISOString(), step: how.step, by: systemActor, detail: how.detail },
      now,
      audit: auditEntry(workflowAccess(c, how.via), 'workflow.update', { caseId: c.caseId, bsn: c.referral.patient.bsn }),
    });
  } catch (error) {
    if (error instanceof ConflictError) return { released: false };
    throw error;
  }
  const coordinator = await deps.roster.coordinator(now);
  await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId: c.caseId, body: how.text(smsContext(deps, c)) });
  if (how.desk) await tellDeskBedFreed(deps, c, how.desk);
  return { released: true };
}
