import { auditEntry } from '../domain/audit';
import { coordinatorOf, systemActor, withCoordinator, type Case } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import type { AuditEntry, Capacity, CaseStore, ExecutionState, Roster, Workflows, WorkflowWait } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { liveReferral } from '../domain/stored-referral';
import type { TriageTree } from '../domain/triage/tree-schema';
import { workflowAccess } from './authorize';
import { referralWorkflowInput } from './create-referral';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

/** After this many restarts that did not move the case either, the coordinator takes it. */
export const maxWorkflowRestarts = 2;

/** Cases recovered at a time: a restart after a crash finds dozens at once. */
const concurrency = 8;

const via = 'schedule:SweepStuckCases';

export interface SweepStuckCasesDeps extends TextingDeps {
  cases: Pick<CaseStore, 'awaitingWorkflow' | 'get' | 'appendTimeline'>;
  capacity: Pick<Capacity, 'endHold'>;
  workflows: Pick<Workflows, 'describe' | 'startReferral' | 'referralExecutionArn'>;
  roster: Pick<Roster, 'coordinator'>;
  tree: TriageTree;
}

export interface SweepStuckCasesResult {
  /** Not yet decided: the workflow started again, under a new execution name. */
  restarted: string[];
  /** Past the decision, or restarted twice already: with the coordinator, who was texted. */
  handedOver: string[];
  /** Found stuck, but recovering failed (the run fails; the next one tries again). */
  failed: Array<{ caseId: string; error: unknown }>;
}

/** Why an execution no longer moves its case, for the timeline. */
const endedLabels: Record<Exclude<ExecutionState['status'], 'RUNNING' | 'PENDING_REDRIVE'>, string> = {
  GONE: 'niet (meer) gevonden',
  FAILED: 'mislukt',
  TIMED_OUT: 'over zijn maximale duur gegaan',
  ABORTED: 'gestopt',
  SUCCEEDED: 'geëindigd zonder de casus verder te brengen',
};

/** The execution name is the ARN's last part: the case id, `-plaats-<ms>` or `-herstart-<n>`. */
const executionName = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

/**
 * Scheduled job SweepStuckCases, the safety net behind every execution of the referral
 * workflow: each case of the region that waits on an execution (the sparse awaitingWorkflow
 * index: referred, triaged, a held bed) and has not moved for `stuckAfterSeconds` is checked.
 * Its execution still running: left alone. Gone, failed, timed out, aborted (or ended without
 * moving it): not yet decided, the workflow starts again under a name per attempt
 * (`<caseId>-herstart-<n>`, so a double start is harmless); past its decision, or after
 * `maxWorkflowRestarts` restarts, the case goes to the coordinator, who is texted (a held bed
 * goes back to the pool, as the workflow's own hand-over does). Either way the timeline says
 * what happened and why. Every write is conditional on the version the sweep read, so a race
 * with a live workflow (or a second sweep) changes nothing twice.
 */
export async function sweepStuckCases(deps: SweepStuckCasesDeps, region: string, stuckAfterSeconds: number): Promise<SweepStuckCasesResult> {
  const idleSince = new Date(deps.clock.now().getTime() - stuckAfterSeconds * 1000);
  const result: SweepStuckCasesResult = { restarted: [], handedOver: [], failed: [] };
  const waits = await deps.cases.awaitingWorkflow(region, idleSince);
  let next = 0;
  const worker = async () => {
    for (let wait = waits[next++]; wait; wait = waits[next++]) {
      // One case that fails must not keep the others stuck: go on, and report it.
      try {
        const outcome = await recover(deps, wait);
        if (outcome === 'restarted') result.restarted.push(wait.caseId);
        if (outcome === 'handed_over') result.handedOver.push(wait.caseId);
      } catch (error) {
        result.failed.push({ caseId: wait.caseId, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, waits.length) }, worker));
  return result;
}

async function recover(deps: SweepStuckCasesDeps, wait: WorkflowWait): Promise<'running' | 'moved' | 'restarted' | 'handed_over'> {
  const execution = await deps.workflows.describe(wait.executionArn);
  if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE') return 'running';
  const c = await loadCase(deps, wait.caseId, (found) => workflowAccess(found, via));
  // Moved since the index was read (its workflow, a person): not stuck.
  if (c.version !== wait.version || c.executionArn !== wait.executionArn) return 'moved';
  const why = `de workflow (${executionName(wait.executionArn)}) is ${endedLabels[execution.status]}${execution.error ? ` (${execution.error})` : ''}`;
  const audit = auditEntry(workflowAccess(c, via), 'workflow.update', { caseId: c.caseId, bsn: c.referral.patient.bsn });
  const restarts = c.workflowRestarts ?? 0;
  try {
    if (c.status === 'referred' && !c.decision && restarts < maxWorkflowRestarts) {
      await restart(deps, c, restarts + 1, why, audit);
      return 'restarted';
    }
    const reason = c.decision ? 'het besluit is al genomen' : `ook na ${restarts} keer opnieuw starten`;
    await handOver(deps, c, `${why}; ${reason}`, audit);
    return 'handed_over';
  } catch (error) {
    // The conditional write lost: the case changed after it was read, so it is moving.
    if (error instanceof CaseClosedError) return 'moved';
    throw error;
  }
}

async function restart(deps: SweepStuckCasesDeps, c: Case, attempt: number, why: string, audit: AuditEntry): Promise<void> {
  const name = `${c.caseId}-herstart-${attempt}`;
  const at = deps.clock.now().toISOString();
  // The case waits on the new execution before it starts: a start that never happens is found again.
  await deps.cases.appendTimeline(
    c.caseId,
    { at, step: 'workflow_restarted', by: systemActor, detail: `Vastgelopen: ${why}; de workflow is opnieuw gestart (poging ${attempt} van ${maxWorkflowRestarts})` },
    { version: c.version, set: { executionArn: deps.workflows.referralExecutionArn(name), workflowRestarts: attempt, stalledAt: at } },
    audit,
  );
  try {
    await deps.workflows.startReferral(name, referralWorkflowInput(c.caseId, liveReferral(c), deps.tree, { district: c.district, startedBy: c.workflowStartedBy ?? c.referredBy }));
  } catch (error) {
    // Started already (a retried run): that execution moves the case.
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  }
}

async function handOver(deps: SweepStuckCasesDeps, c: Case, why: string, audit: AuditEntry): Promise<void> {
  const now = deps.clock.now();
  const owner = coordinatorOf(c.region);
  const held = c.status === 'bed_held' && c.hold;
  const entry = {
    at: now.toISOString(),
    step: 'workflow_stalled',
    by: systemActor,
    detail: `Vastgelopen: ${why}; ${held ? 'bed terug in de pool, ' : ''}de coördinator neemt over`,
  };
  if (held && c.hold) {
    await deps.capacity.endHold({ caseId: c.caseId, hold: c.hold, outcome: withCoordinator, owner, entry, now, audit, version: c.version });
  } else {
    await deps.cases.appendTimeline(c.caseId, entry, { status: withCoordinator, owner, version: c.version }, audit);
  }
  const coordinator = await deps.roster.coordinator(now);
  await deps.notifier.send({ to: coordinator.phone, recipient: coordinator.recipient, caseId: c.caseId, body: smsTemplates.workflowStalled(smsContext(deps, c)) });
}
