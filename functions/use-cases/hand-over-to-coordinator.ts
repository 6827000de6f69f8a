import { coordinatorOf, openWithoutBedStatuses, systemActor, withCoordinator } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Capacity, CaseStore, Roster } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase, retryOnLostRace } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface HandOverDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  capacity: Pick<Capacity, 'endHold'>;
  roster: Pick<Roster, 'coordinator'>;
}

/**
 * Workflow step HandOverToCoordinator: a step failed unexpectedly. A held bed goes back to
 * the pool, the coordinator becomes the owner and is texted: the case is never dropped.
 */
export async function handOverToCoordinator(deps: HandOverDeps, caseId: string, error: string): Promise<{ handedOver: boolean }> {
  const first = await loadCase(deps, caseId, (c) => workflowAccess(c, 'workflow:HandOverToCoordinator'));
  // Only an open case is handed over; one confirmed, discharged or cancelled meanwhile stays as it is.
  const handedOver = await retryOnLostRace(
    deps.cases,
    first,
    async (c) => {
      const now = deps.clock.now();
      const owner = coordinatorOf(c.region);
      const entry = { at: now.toISOString(), step: 'escalated', by: systemActor, detail: `Storing in de workflow (${error}); de coördinator neemt over` };
      if (c.status === 'bed_held' && c.hold) {
        await deps.capacity.endHold({ caseId, hold: c.hold, outcome: withCoordinator, owner, entry, now });
      } else if (openWithoutBedStatuses.includes(c.status)) {
        await deps.cases.appendTimeline(caseId, entry, { status: withCoordinator, owner, from: openWithoutBedStatuses });
      } else {
        return undefined;
      }
      return c;
    },
    // The case changed between read and write: read again.
    (e) => e instanceof ConflictError,
  );
  if (!handedOver) return { handedOver: false };
  const coordinator = await deps.roster.coordinator(deps.clock.now());
  await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId, body: smsTemplates.unplaced(smsContext(deps, handedOver)) });
  return { handedOver: true };
}
