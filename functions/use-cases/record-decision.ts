import { systemActor } from '../domain/case';
import { CaseClosedError } from '../domain/errors';
import type { AuditLog, CaseStore, Clock } from '../domain/ports';
import { explain } from '../domain/triage/evaluate';
import { treeByVersion } from '../domain/triage/trees';
import { asReferral, type RoutedDecision, type WorkflowInput } from '../domain/workflow-input';
import { auditEntry } from '../domain/audit';
import { gatesHerstelkliniek } from '../domain/consultation';
import { stepAccess } from './authorize';

/**
 * Workflow step RecordDecision: explain the route the Choice states took and store it on the
 * case. One request: the routing facts come with the input (the tree reads nothing else), and
 * the access-log entry goes in the same transaction as the decision.
 */
export async function recordDecision(deps: { cases: Pick<CaseStore, 'recordDecision'>; audit: AuditLog; clock: Clock }, input: WorkflowInput): Promise<RoutedDecision> {
  const tree = treeByVersion(input.treeVersion);
  const decision = explain(tree, input.route, asReferral(input.referral));
  const status = decision.destination === 'call_112' ? 'call_112' : 'triaged';
  const audit = auditEntry(stepAccess(input.startedBy, 'workflow:RecordDecision'), 'workflow.update', { caseId: input.caseId });
  const entry = { at: deps.clock.now().toISOString(), step: 'triaged', by: systemActor, detail: decision.reasons[0] };
  try {
    await deps.cases.recordDecision(input.caseId, decision, status, entry, audit);
  } catch (error) {
    // A retried step (its first write went through) reports the recorded decision again.
    const retried = error instanceof CaseClosedError && error.current?.decision?.ruleId === decision.ruleId && error.current.status === status;
    if (!retried) throw error;
    await deps.audit.record(audit);
  }
  // A boolean for the workflow's Choice state (JSONPath cannot test list membership). A
  // herstelkliniek placement asks the SO through its gate, once the bed is held: not twice.
  const gated = decision.destination === 'herstelkliniek' && gatesHerstelkliniek(tree.version);
  // Only what the Choice states read: the execution's history keeps it. The reasons (free
  // text), the facts and the flags stay on the case.
  return {
    ruleId: decision.ruleId,
    destination: decision.destination,
    ...(decision.ward ? { ward: decision.ward } : {}),
    soConsultation: decision.flags.includes('so_consultation') && !gated,
    // A home decision with this flag: the FACT-VVT team confirms beside the district team (home-confirmation.ts).
    factVvt: decision.flags.includes('fact_vvt'),
  };
}
