import { systemActor } from '../domain/case';
import type { CaseStore, Clock } from '../domain/ports';

/** The workflow no longer waited on this case's token (timed out, or lost in a local restart); the case record is the truth. */
export const noteWorkflowGone = (
  deps: { cases: Pick<CaseStore, 'appendTimeline'>; clock: Clock },
  caseId: string,
  detail = 'De workflow wachtte hier niet meer op; de casus is bijgewerkt',
) => deps.cases.appendTimeline(caseId, { at: deps.clock.now().toISOString(), step: 'workflow_gone', by: systemActor, detail });
