import { closedStatuses } from '../domain/case';
import type { ConsultationInput, SoConsultationRequest } from '../domain/consultation';
import { ConflictError } from '../domain/errors';
import type { Access, AuditLog, CaseStore, Clock, Workflows } from '../domain/ports';
import { auditEntry } from '../domain/audit';
import { authorizeCase, logOnce } from './authorize';
import { requireCase } from './load-case';

export interface RequestSoConsultationByHapDeps {
  cases: Pick<CaseStore, 'get' | 'appendTimeline'>;
  audit: AuditLog;
  clock: Clock;
  workflows: Pick<Workflows, 'startConsultation'>;
}

/**
 * POST /cases/{caseId}/escalations: a HAP triagist sees an open case get worse and asks
 * the on-call SO (the route keeps its name; the timeline says `hap_escalation`).
 */
export async function requestSoConsultationByHap(deps: RequestSoConsultationByHapDeps, caseId: string, request: SoConsultationRequest, access: Access) {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'request_so_consultation', 'case.request_so_consultation', c);
  const audit = auditEntry(access, 'case.request_so_consultation', { caseId, bsn: c.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    if (closedStatuses.includes(c.status)) throw new ConflictError(`casus ${caseId} is gesloten (status ${c.status})`);
    const now = deps.clock.now();
    await deps.cases.appendTimeline(
      caseId,
      { at: now.toISOString(), step: 'hap_escalation', by: access.actor, detail: `Escalatie ${request.urgency}: ${request.note}` },
      { set: { consultationRequestedBy: access.actor.id } },
      audit,
    );
    written();
    const input: ConsultationInput = { caseId, urgency: request.urgency, reason: 'hap_escalation', attempt: 0 };
    const { executionArn } = await deps.workflows.startConsultation(`${caseId}-esc-${now.getTime()}`, { ...input });
    return { caseId, executionArn };
  });
}
