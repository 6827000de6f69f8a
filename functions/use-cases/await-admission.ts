import { auditEntry } from '../domain/audit';
import { systemActor } from '../domain/case';
import type { FacilityKind } from '../domain/facility';
import type { CaseStore } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { stepAccess } from './authorize';
import { textAbout, type TextingDeps } from './sms-context';

export interface AwaitAdmissionDeps extends TextingDeps {
  cases: Pick<CaseStore, 'storeAdmissionToken' | 'appendTimeline'>;
  region: string;
}

/** What AwaitAdmission receives: the placement PlaceCase (or the SO gate's clock) reported, with the desk to text. */
export interface AwaitAdmissionInput {
  caseId: string;
  taskToken: string;
  startedBy: string;
  placement: { facilityId: string; kind: FacilityKind; expiresAt: string; urgency: string; deskPhone: string };
}

/**
 * Workflow step AwaitAdmission (callback): keeps the token (conditional on the bed still
 * held; with the step's access-log entry), texts the facility's transfer nurse desk whose
 * number came with the placement (its name stays out of the execution: the bed_held step names it), and notes the text. No read of the case or the facility.
 */
export async function awaitAdmission(deps: AwaitAdmissionDeps, input: AwaitAdmissionInput): Promise<void> {
  const { caseId, placement } = input;
  // Confirmed or cancelled between PlaceCase and here: the write fails (CaseClosedError), nothing to wait for.
  await deps.cases.storeAdmissionToken(caseId, input.taskToken, auditEntry(stepAccess(input.startedBy, 'workflow:AwaitAdmission'), 'workflow.update', { caseId }));
  await deps.notifier.send({
    to: placement.deskPhone,
    recipient: `transfer_nurse:${placement.facilityId}`,
    caseId,
    body: smsTemplates.bedHeld({ ...textAbout(deps, { caseId, urgency: placement.urgency, region: deps.region }, placement.kind), until: placement.expiresAt }),
  });
  await deps.cases.appendTimeline(caseId, {
    at: deps.clock.now().toISOString(),
    step: 'notified',
    by: systemActor,
    detail: 'Sms naar de transferverpleegkundige van de instelling',
  });
}
