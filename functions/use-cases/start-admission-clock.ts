import { auditEntry } from '../domain/audit';
import { systemActor } from '../domain/case';
import { FacilityNotFoundError } from '../domain/errors';
import type { Capacity, CaseStore } from '../domain/ports';
import { localClock, smsTemplates } from '../domain/sms';
import { workflowAccess } from './authorize';
import { loadCase } from './load-case';
import { smsContext, type TextingDeps } from './sms-context';

export interface StartAdmissionClockDeps extends TextingDeps {
  cases: Pick<CaseStore, 'get' | 'startAdmissionClock'>;
  capacity: Pick<Capacity, 'get'>;
}

/**
 * Workflow step StartAdmissionClock, after the SO gate of a herstelkliniek placement: the
 * SO accepted or advised (or nobody answered and the coordinator decides, bed still held).
 * Only now does the admission hold time start. An advice is passed to the facility's
 * transfer nurse desk; the advice itself stays in the case, never in a text.
 */
export async function startAdmissionClock(deps: StartAdmissionClockDeps, input: { caseId: string; holdTimeoutSeconds: number; answer: string; placement?: Record<string, unknown> }) {
  const c = await loadCase(deps, input.caseId, (found) => workflowAccess(found, 'workflow:StartAdmissionClock'));
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + input.holdTimeoutSeconds * 1000).toISOString();
  const why = input.answer === 'accept' ? 'De SO is akkoord' : input.answer === 'advise' ? 'De SO is akkoord, met advies' : 'Geen antwoord van de SO-dienst; de coördinator beslist';
  await deps.cases.startAdmissionClock(
    input.caseId,
    expiresAt,
    { at: now.toISOString(), step: 'admission_clock_started', by: systemActor, detail: `${why}; het bed blijft vastgehouden tot ${localClock(expiresAt)}` },
    auditEntry(workflowAccess(c, 'workflow:StartAdmissionClock'), 'workflow.update', { caseId: input.caseId, bsn: c.referral.patient.bsn }),
  );
  if (input.answer === 'advise' && c.hold) {
    const facility = await deps.capacity.get(c.hold.facilityId);
    if (!facility) throw new FacilityNotFoundError(`onbekende instelling ${c.hold.facilityId}`);
    await deps.notifier.send({
      to: facility.transferNursePhone,
      recipient: `transfer_nurse:${facility.facilityId}`,
      caseId: input.caseId,
      body: smsTemplates.soAdvice(smsContext(deps, c, facility.kind)),
    });
  }
  // The placement as AwaitAdmission reads it, with the clock that now runs.
  return { ...input.placement, expiresAt };
}
