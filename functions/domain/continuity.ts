import { decideCaseAccess } from './access-policy';
import type { Case, CaseContinuity, CaseStatus, ContinuityFlag, TimelineEntry } from './case';
import type { Principal } from './principal';

/**
 * Cases of one person, linked by the pseudonymous patient key (an HMAC of the BSN; the
 * cases table's keys-only byPatient index holds the key, never the BSN). Pure: what counts
 * as a move, which flags a referral gets, and what a caller may see of the linked cases.
 *
 * A move is a placement in a facility (herstelkliniek, wijkkliniek, REO-bed, SEH) that
 * happened: the bed is held, the patient admitted or discharged, or the SEH told. Home is
 * no move; neither is a cancelled case, an expired hold, or a case with the coordinator.
 * Each case counts once, at its placement's time. A transfer between facilities is a new
 * referral of the same person, so it counts as the next move.
 */

/** "Avoid moving a person three or four times in ten days" (domain brief). */
export const movesWindowDays = 10;
/** A referral this soon after a discharge is a return. */
export const returnWindowHours = 72;
/** The referral that would be this move within the window is flagged `many_moves`. */
export const manyMovesAt = 3;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

export const moveDestinations = ['herstelkliniek', 'wijkkliniek', 'reo_bed', 'seh'] as const;
const movedStatuses: readonly CaseStatus[] = ['bed_held', 'admission_confirmed', 'discharged', 'notified'];

export const continuityFlagLabels: Record<ContinuityFlag, string> = {
  many_moves: `${manyMovesAt}e verplaatsing in ${movesWindowDays} dagen`,
  return_72h: `Terug binnen ${returnWindowHours} uur na ontslag`,
};

/** What the continuity check reads of a linked case: where it stands and what access needs, no referral fact. */
export type LinkedCase = Pick<Case, 'caseId' | 'region' | 'status' | 'district' | 'hold' | 'placement' | 'referredBy' | 'consultedUsernames' | 'createdAt'> & {
  /** When the patient left the facility (the timeline's `discharged` step). */
  dischargedAt?: string;
};

/** The discharge time on a timeline, if any. */
export const dischargedAtOf = (timeline: readonly Pick<TimelineEntry, 'step' | 'at'>[] | undefined): string | undefined =>
  timeline?.findLast((e) => e.step === 'discharged')?.at;

/** When this case moved the patient into a facility or the SEH; undefined when it did not (home, cancelled, not yet placed). */
export function moveAt(c: Pick<LinkedCase, 'status' | 'placement'>): string | undefined {
  const destination = c.placement?.destination;
  if (!destination || !(moveDestinations as readonly string[]).includes(destination)) return undefined;
  return movedStatuses.includes(c.status) ? c.placement?.at : undefined;
}

const within = (at: string | undefined, from: number, to: number): boolean => {
  if (!at) return false;
  const t = Date.parse(at);
  return t > from && t <= to;
};

/** Moves in the `movesWindowDays` up to `at`. */
export const movesBefore = (cases: readonly LinkedCase[], at: Date): number =>
  cases.filter((c) => within(moveAt(c), at.getTime() - movesWindowDays * dayMs, at.getTime())).length;

/** An earlier case was discharged in the `returnWindowHours` up to `at`. */
export const returnedWithin72h = (cases: readonly LinkedCase[], at: Date): boolean =>
  cases.some((c) => within(c.dischargedAt, at.getTime() - returnWindowHours * hourMs, at.getTime()));

/**
 * The flags a referral gets when it is made, from the person's earlier cases. The decision is
 * not known yet, so `many_moves` warns when this referral would be the third move: two or
 * more moves in the last ten days (a triage that then sends the person home makes no move).
 */
export function continuityAtReferral(linked: boolean, earlier: readonly LinkedCase[], at: Date): CaseContinuity {
  if (!linked) return { linked: false, flags: [] };
  const flags: ContinuityFlag[] = [];
  if (movesBefore(earlier, at) >= manyMovesAt - 1) flags.push('many_moves');
  if (returnedWithin72h(earlier, at)) flags.push('return_72h');
  return { linked: true, flags };
}

/** The case page's view: only the earlier cases the caller may open are named, the others counted. */
export interface ContinuityView {
  linked: boolean;
  flags: ContinuityFlag[];
  previousCaseIds: string[];
  hiddenPreviousCases: number;
  /** Moves in the ten days up to this referral, this case's own included once it moved. */
  movesLast10Days: number;
  returnWithin72h: boolean;
}

/**
 * `GET /cases/{id}`'s continuity: `others` are the person's other cases (this one left
 * out). Only an earlier case the caller may open (allowed, not by breaking the glass) is
 * named; without a principal (the system) none is.
 */
export function continuityView(principal: Principal | undefined, c: Pick<Case, 'caseId' | 'createdAt' | 'continuity' | 'status' | 'placement'>, others: readonly LinkedCase[]): ContinuityView {
  const linked = c.continuity?.linked ?? false;
  const at = new Date(c.createdAt);
  const previous = others.filter((o) => o.caseId !== c.caseId && o.createdAt < c.createdAt).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const named = previous.filter((o) => !!principal && decideCaseAccess(principal, 'read', o) === 'allowed');
  const own = moveAt(c) ? 1 : 0;
  return {
    linked,
    flags: c.continuity?.flags ?? [],
    previousCaseIds: named.map((o) => o.caseId),
    hiddenPreviousCases: previous.length - named.length,
    movesLast10Days: movesBefore(previous, at) + own,
    returnWithin72h: returnedWithin72h(previous, at),
  };
}
