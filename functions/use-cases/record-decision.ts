import { systemActor } from '../domain/case';
import type { AuditLog, CaseStore, Clock } from '../domain/ports';
import { explain } from '../domain/triage/evaluate';
import { treeByVersion } from '../domain/triage/trees';
import type { WorkflowInput } from '../domain/workflow-input';
import { liveReferral } from '../domain/stored-referral';
import { auditEntry } from '../domain/audit';
import { gatesHerstelkliniek } from '../domain/consultation';
import { workflowAccess } from './authorize';
import { requireCase } from './load-case';

/** Workflow step RecordDecision: explain the route the Choice states took and store it on the case. */
export async function recordDecision(deps: { cases: Pick<CaseStore, 'get' | 'recordDecision'>; audit: AuditLog; clock: Clock }, input: WorkflowInput) {
  const tree = treeByVersion(input.treeVersion);
  const found = await requireCase(deps.cases, input.caseId);
  const decision = explain(tree, input.route, liveReferral(found));
  const status = decision.destination === 'call_112' ? 'call_112' : 'triaged';
  const retried = found.decision?.ruleId === decision.ruleId && found.status === status;
  // A retried step (its first write went through) reports the recorded decision again.
  const audit = auditEntry(workflowAccess(found, 'workflow:RecordDecision'), 'workflow.update', { caseId: input.caseId, bsn: found.referral.patient.bsn });
  if (!retried) {
    const entry = { at: deps.clock.now().toISOString(), step: 'triaged', by: systemActor, detail: decision.reasons[0] };
    await deps.cases.recordDecision(input.caseId, decision, status, entry, audit);
  } else {
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
  };
}
