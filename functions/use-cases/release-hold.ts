import { coordinatorOf, systemActor } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Capacity, CaseStore, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface ReleaseHoldDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get'>;
  capacity: Pick<Capacity, 'endHold'>;
  roster: Pick<Roster, 'coordinator'>;
}

/** Workflow step ReleaseHold: nobody confirmed in time; the bed returns and the coordinator takes over. */
export async function releaseHold(deps: ReleaseHoldDeps, caseId: string, via = 'workflow:ReleaseHold'): Promise<{ released: boolean }> {
  const c = await loadCase(deps, caseId, (c) => workflowAccess(c, via));
  if (!c.hold || c.status !== 'bed_held') return { released: false };
  const now = deps.clock.now();
  try {
    await deps.capacity.endHold({
      caseId,
      hold: c.hold,
      outcome: 'expired',
      owner: coordinatorOf(c.region),
      entry: { at: now.toISOString(), step: 'expired', by: systemActor, detail: 'Bedreservering verlopen zonder bevestiging; bed terug in de pool' },
      now,
    });
  } catch (error) {
    // Confirmed or cancelled in the same moment: nothing to release.
    if (error instanceof ConflictError) return { released: false };
    throw error;
  }
  const coordinator = await deps.roster.coordinator(now);
  await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId, body: smsTemplates.holdExpired(smsContext(deps, c)) });
  return { released: true };
}
