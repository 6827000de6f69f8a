import { coordinatorOf, systemActor, withCoordinator, type Case } from '../domain/case';
import type { CaseStore, Clock, Workflows } from '../domain/ports';
import type { Case as StoredCase } from '../domain/case';
import { treeByVersion } from '../domain/triage/trees';
import { placeAgainInput } from '../domain/workflow-input';
import { liveReferral } from '../domain/stored-referral';
import { requireCase } from './load-case';

export interface StartPlacementAgainDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  clock: Clock;
  workflows: Pick<Workflows, 'startReferral'>;
}

/**
 * After a person put the case back in `triaged` (placing again, correcting the decision):
 * starts the referral workflow at PlaceCase with the decision in force and the routing codes,
 * so PlaceCase reads nothing of the case. The answer is the case as the request left it
 * (202: placing has begun; the workflow may be quicker than the answer). A start that fails
 * hands the case to the coordinator, who can place it again, and the error goes on.
 */
export async function startPlacementAgain(
  deps: StartPlacementAgainDeps,
  c: Case,
  decision: NonNullable<StoredCase['decision']>,
  run: { execution: string; startedBy: string; failedDetail: string },
): Promise<Case> {
  const accepted = await requireCase(deps.cases, c.caseId);
  try {
    await deps.workflows.startReferral(run.execution, placeAgainInput({ ...c, referral: liveReferral(c), decision }, run.startedBy, treeByVersion(decision.treeVersion)));
  } catch (error) {
    await deps.cases.appendTimeline(
      c.caseId,
      { at: deps.clock.now().toISOString(), step: 'workflow_failed', by: systemActor, detail: run.failedDetail },
      { status: withCoordinator, owner: coordinatorOf(c.region), from: ['triaged'] },
    );
    throw error;
  }
  return accepted;
}
