import { systemActor } from '../domain/case';
import { CaseClosedError, FacilityNotFoundError } from '../domain/errors';
import type { Capacity, CaseStore } from '../domain/ports';
import { smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface AwaitAdmissionDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get' | 'storeAdmissionToken' | 'appendTimeline'>;
  capacity: Pick<Capacity, 'get'>;
}

/** Workflow step AwaitAdmission (callback): keeps the token, texts the facility's transfer nurse. */
export async function awaitAdmission(deps: AwaitAdmissionDeps, caseId: string, taskToken: string): Promise<void> {
  const c = await loadCase(deps, caseId, (c) => workflowAccess(c, 'workflow:AwaitAdmission'));
  // Confirmed or cancelled between PlaceCase and here: nothing to wait for.
  if (c.status !== 'bed_held' || !c.hold) throw new CaseClosedError(`casus ${caseId} heeft geen lopende bedreservering`);
  await deps.cases.storeAdmissionToken(caseId, taskToken);
  const facility = await deps.capacity.get(c.hold.facilityId);
  if (!facility) throw new FacilityNotFoundError(`onbekende instelling ${c.hold.facilityId}`);
  await deps.notifier.send({
    to: facility.transferNursePhone,
    recipient: `transfer_nurse:${facility.facilityId}`,
    caseId,
    body: smsTemplates.bedHeld({ ...smsContext(deps, c, facility.kind), until: c.hold.expiresAt }),
  });
  await deps.cases.appendTimeline(caseId, {
    at: deps.clock.now().toISOString(),
    step: 'notified',
    by: systemActor,
    detail: `Sms naar transferverpleegkundige ${facility.name}`,
  });
}
