import type { Case } from '../domain/case';
import type { Capacity, Notifier } from '../domain/ports';
import type { Principal } from '../domain/principal';
import { smsTemplates, type HoldRelease } from '../domain/sms';
import { smsContext, type SmsLinks } from './sms-context';

export interface TellDeskDeps extends SmsLinks {
  capacity: Pick<Capacity, 'get'>;
  notifier: Notifier;
}

/**
 * A held bed went back to the pool without an admission (cancelled, expired, decision
 * corrected): the facility's transfer nurse desk, asked to confirm the admission, hears that
 * nobody comes, so it neither keeps the bed free nor waits for the patient. `c` is the case
 * as it was while the bed was held. A desk that was never asked (the SO gate held the bed;
 * AwaitAdmission, which keeps the token and texts the desk, had not run) hears nothing, and
 * neither does a desk whose own transfer nurse gave the bed back (`by`).
 */
export async function tellDeskBedFreed(deps: TellDeskDeps, c: Case, why: HoldRelease, by?: Principal): Promise<void> {
  if (c.status !== 'bed_held' || !c.hold || !c.admissionTaskToken) return;
  if (by?.role === 'transfer_nurse' && by.facilityId === c.hold.facilityId) return;
  const facility = await deps.capacity.get(c.hold.facilityId);
  if (!facility?.transferNursePhone) return;
  await deps.notifier.send({
    to: facility.transferNursePhone,
    recipient: `transfer_nurse:${facility.facilityId}`,
    caseId: c.caseId,
    body: smsTemplates.holdReleased({ ...smsContext(deps, c, facility.kind), why }),
  });
}
