import { systemActor } from '../domain/case';
import type { AuditLog, Capacity, CaseStore, Clock, Workflows } from '../domain/ports';

/** The workflow no longer waited on this case's token (timed out, or lost in a local restart); the case record is the truth. */
export const noteWorkflowGone = (
  deps: { cases: Pick<CaseStore, 'appendTimeline'>; clock: Clock },
  caseId: string,
  detail = 'De workflow wachtte hier niet meer op; de casus is bijgewerkt',
) => deps.cases.appendTimeline(caseId, { at: deps.clock.now().toISOString(), step: 'workflow_gone', by: systemActor, detail });

/**
 * What a person's action on a case that may hold a bed needs (confirm, cancel): the case,
 * the hold, the access log, the clock, and the answer to the workflow waiting on the bed.
 */
export interface HeldBedActionDeps<Answer extends 'sendTaskSuccess' | 'sendTaskFailure'> {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  capacity: Pick<Capacity, 'endHold'>;
  audit: AuditLog;
  clock: Clock;
  workflows: Pick<Workflows, Answer>;
}
