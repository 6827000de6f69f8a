import { closedStatuses, systemActor, type Actor, type Case } from './case';
import { isAnonymisedReferral, type AnonymisedReferral } from './stored-referral';

/**
 * After the retention (CASE_RETENTION_DAYS, default 400) a case keeps only what the figures
 * read (AVG: no longer than needed). Pure: which cases are due, and what is left of one.
 *
 * Removed: the BSN and the patient key (the case leaves the byPatient index), the postcode (the district stays), the age (a band of ten years instead),
 * every free text of the timeline (`detail`: the SO's advice, reasons, names), the people's
 * usernames and names (in `by`, the owner, `referredBy`, `consultedUsernames`, who started
 * the workflow or asked the SO), the decision's reasons and facts (they quote the referral),
 * the referrer's phone, the GP practice's phone, the discharge's handover note.
 * Kept: status, district, region, times, the timeline's steps and times, the decision's
 * destination, ward, flags, rules and tree, the hold and the placement, the referral's
 * clinical facts without identifiers (the urgency, the referrer's role).
 */

/** An open case past the retention keeps its data this much longer: someone may be working on it. */
export const openCaseGraceDays = 30;

const dayMs = 86_400_000;

/** Created before this moment: past the retention. */
export const retentionCutoff = (now: Date, retentionDays: number) => new Date(now.getTime() - retentionDays * dayMs);

/** A band of ten years: 86 → "80-89". */
export function ageBand(age: number): string {
  const from = Math.floor(age / 10) * 10;
  return `${from}-${from + 9}`;
}

/**
 * Due for anonymising: not yet anonymised, created before the retention's cutoff, and closed
 * (112, discharged, cancelled), or created before the cutoff less the grace whatever its status.
 */
export function dueForAnonymising(
  c: Pick<Case, 'status' | 'createdAt' | 'anonymisedAt'>,
  now: Date,
  retentionDays: number,
  graceDays: number = openCaseGraceDays,
): boolean {
  if (c.anonymisedAt) return false;
  const created = Date.parse(c.createdAt);
  if (!(created < retentionCutoff(now, retentionDays).getTime())) return false;
  return closedStatuses.includes(c.status) || created < retentionCutoff(now, retentionDays + graceDays).getTime();
}

/**
 * Who acted, without the person: a person (a name, or an id that is no system, region or
 * facility) becomes their role; the system, the region's coordinator desk and a facility stay.
 */
function withoutPerson(actor: Actor, keep: ReadonlySet<string>): Actor {
  if (!actor.name && keep.has(actor.id)) return { role: actor.role, id: actor.id };
  return { role: actor.role, id: actor.role };
}

function anonymisedReferral(c: Case): AnonymisedReferral {
  if (isAnonymisedReferral(c.referral)) return c.referral;
  const { age, livesAlone, informalCarerAvailable, carerOverburdened } = c.referral.patient;
  return {
    ...c.referral,
    patient: { ageBand: ageBand(age), livesAlone, informalCarerAvailable, ...(carerOverburdened === undefined ? {} : { carerOverburdened }) },
  };
}

/** What is left of a case after the retention; its version one up, as any change. */
export function anonymiseCase(c: Case, now: Date): Case {
  const facilities = [c.hold?.facilityId, c.placement?.facilityId, ...(c.placement?.tried.map((t) => t.facilityId) ?? [])].filter((f): f is string => !!f);
  const keep = new Set<string>([systemActor.id, c.region, ...facilities]);
  const {
    referredBy: _referredBy,
    consultedUsernames: _consulted,
    workflowStartedBy: _startedBy,
    consultationRequestedBy: _requestedBy,
    admissionTaskToken: _token,
    executionArn: _execution,
    stalledAt: _stalled,
    workflowRestarts: _restarts,
    // Off the byPatient index: an anonymised case is linked to nobody.
    patientKey: _patientKey,
    // A person's phone, and the handover note (free text); the stay clock's index key too.
    referrerPhone: _referrerPhone,
    stayClockDue: _stayClockDue,
    stayClockStep: _stayClockStep,
    ...rest
  } = c;
  return {
    ...rest,
    referral: anonymisedReferral(c),
    owner: withoutPerson(c.owner, keep),
    ...(c.decision ? { decision: { ...c.decision, reasons: [], facts: {} } } : {}),
    ...(c.discharge ? { discharge: { at: c.discharge.at, dischargedTo: c.discharge.dischargedTo } } : {}),
    timeline: c.timeline.map((e) => ({ at: e.at, step: e.step, by: withoutPerson(e.by, keep) })),
    anonymisedAt: now.toISOString(),
    version: c.version + 1,
  };
}
