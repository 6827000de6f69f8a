import { auditEntry } from '../domain/audit';
import type { Case, Hold } from '../domain/case';
import { wardMaxStayDays } from '../domain/facility';
import { startStayClock } from '../domain/stay-clock';
import { CaseClosedError, ConflictError, HoldExpiredError } from '../domain/errors';
import type { Access, Capacity } from '../domain/ports';
import { authorizeCase, logOnce } from './authorize';
import { requireCase, retryOnLostRace } from './load-case';
import { noteWorkflowGone, type HeldBedActionDeps } from './note-workflow-gone';

export type ConfirmAdmissionDeps = HeldBedActionDeps<'sendTaskSuccess'> & {
  capacity: Pick<Capacity, 'endHold' | 'get'>;
  /** How long a day of the stay clock lasts (STAY_DAY_SECONDS; shortened in tests and demos). */
  stayDaySeconds: number;
};

/** The stay clock of an admission on this ward, and what the timeline says of it. */
async function stayOf(deps: Pick<ConfirmAdmissionDeps, 'capacity' | 'stayDaySeconds'>, hold: Hold, now: Date) {
  const facility = await deps.capacity.get(hold.facilityId);
  const maxStayDays = facility ? wardMaxStayDays(facility, hold.ward) : undefined;
  const clock = facility && maxStayDays ? startStayClock(now, maxStayDays, facility.kind, deps.stayDaySeconds) : undefined;
  return clock && maxStayDays
    ? { stay: { ...clock, maxStayDays }, detail: `; maximale verblijfsduur ${maxStayDays} dagen` }
    : { detail: facility ? '; geen maximale verblijfsduur op deze afdeling' : '' };
}

/** POST /cases/{caseId}/admission: the facility confirms; the held bed becomes occupied (logged in the same transaction). */
export async function confirmAdmission(deps: ConfirmAdmissionDeps, caseId: string, access: Access): Promise<Case> {
  const c = await requireCase(deps.cases, caseId);
  const outcome = await authorizeCase(deps, access, 'confirm_admission', 'case.confirm_admission', c);
  const audit = auditEntry(access, 'case.confirm_admission', { caseId, bsn: c.referral.patient.bsn }, outcome);
  return logOnce(deps, audit, async (written) => {
    const now = deps.clock.now();
    // A token stored by AwaitAdmission between our read and our write: read again, so the
    // waiting workflow is answered with it (the end of the hold is conditional on the token seen).
    const confirmed = await retryOnLostRace(
      deps.cases,
      c,
      async (current) => {
        if (current.status !== 'bed_held' || !current.hold) throw new ConflictError(`casus ${caseId} heeft geen lopende bedreservering (status ${current.status})`);
        if (current.hold.awaitingSo) throw new ConflictError(`casus ${caseId} wacht nog op het akkoord van de SO; opname kan daarna`);
        if (current.hold.expiresAt <= now.toISOString()) throw new HoldExpiredError(`de bedreservering van casus ${caseId} is verlopen`);
        // The ward's maximum stay starts at admission (issue 11): the stay clock goes with the admission's write.
        const { stay, detail } = await stayOf(deps, current.hold, now);
        await deps.capacity.endHold({
          caseId,
          hold: current.hold,
          outcome: 'admission_confirmed',
          entry: { at: now.toISOString(), step: 'admission_confirmed', by: access.actor, detail: `Opname bevestigd door de instelling${detail}` },
          now,
          audit,
          tokenSeen: { token: current.admissionTaskToken },
          ...(stay ? { stay } : {}),
        });
        return current;
      },
      (error, current) => error instanceof CaseClosedError && current.status === 'bed_held',
    );
    written();
    if (confirmed.admissionTaskToken && !(await deps.workflows.sendTaskSuccess(confirmed.admissionTaskToken, { confirmedAt: now.toISOString() }))) {
      await noteWorkflowGone(deps, caseId);
    }
    return requireCase(deps.cases, caseId);
  });
}
