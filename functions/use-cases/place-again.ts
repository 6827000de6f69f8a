import { placeableAgainStatuses, systemActor, type Case } from '../domain/case';
import { ConflictError } from '../domain/errors';
import type { Access, AuditLog, CaseStore, Clock, Workflows } from '../domain/ports';
import { auditEntry } from '../domain/audit';
import { authorizeCase, logOnce } from './authorize';
import { requireCase } from './load-case';
import { startPlacementAgain } from './start-placement-again';

export interface PlaceAgainDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  audit: AuditLog;
  clock: Clock;
  workflows: Pick<Workflows, 'startReferral' | 'referralExecutionArn'>;
}

/**
 * POST /cases/{caseId}/placement: the coordinator asks to place a case again (a bed may be
 * free now). The case goes back to `triaged` (only from the coordinator's statuses, so two
 * clicks start one run) and the referral workflow runs again from PlaceCase, with the same
 * plan, holds, texts and fallbacks as the first time.
 */
export async function placeAgain(deps: PlaceAgainDeps, caseId: string, access: Access): Promise<Case> {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'place_again', 'case.place_again', c);
  const audit = auditEntry(access, 'case.place_again', { caseId, bsn: c.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    if (!c.decision || c.decision.destination === 'call_112' || !placeableAgainStatuses.includes(c.status) || c.hold) {
      throw new ConflictError(`casus ${caseId} kan nu niet opnieuw geplaatst worden (status ${c.status})`);
    }
    const now = deps.clock.now();
    // Back as it was after triage, with the referrer as owner: a held bed then makes the
    // transfer nurse owner, home or SEH leaves it with the referrer, no place brings it back here.
    const referrer = c.timeline.find((t) => t.step === 'referred')?.by ?? systemActor;
    // The execution is named now, so the case waits on it (awaitingWorkflow) before it starts.
    const execution = `${caseId}-plaats-${now.getTime()}`;
    await deps.cases.appendTimeline(
      caseId,
      { at: now.toISOString(), step: 'replacement_requested', by: access.actor, detail: 'Opnieuw plaatsen gevraagd' },
      {
        status: 'triaged',
        owner: referrer,
        from: placeableAgainStatuses,
        set: { workflowStartedBy: access.actor.id, executionArn: deps.workflows.referralExecutionArn(execution) },
      },
      audit,
    );
    written();
    return startPlacementAgain(deps, c, c.decision, { execution, startedBy: access.actor.id, failedDetail: 'Opnieuw plaatsen kon niet starten' });
  });
}
