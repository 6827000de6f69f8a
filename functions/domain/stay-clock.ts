import type { FacilityKind } from './facility';
import type { TreatingPhysician } from './triage/tree-schema';

/**
 * Stay clocks (issue 11). At admission the case takes its ward's maximum stay; two days
 * before the end the facility's transfer nurse desk and the treating physician are texted
 * (an REO stay: on day 7, asking for the consultation with the GP); once the end has passed
 * and the patient is still admitted, the coordinator's overview lists the case first. Pure.
 */

/** The reminder comes this many days before the end of the stay. */
export const reminderDaysBeforeEnd = 2;
/** An REO stay (at most 9 days): the plan is discussed with the GP, who stays responsible, on this day. */
export const reoGpConsultDay = 7;
/** A day, in seconds; CDK context `stayDaySeconds` / `npm start -- --stay-day-seconds` shorten it for tests and demos. */
export const dayInSeconds = 86_400;

/** Who leads care during the stay, by the kind of bed the case lies in (domain brief). */
export const stayPhysician: Record<FacilityKind, TreatingPhysician> = {
  herstelkliniek: 'so',
  wijkkliniek: 'medical_specialist',
  reo_bed: 'gp',
};

/** What the case keeps of its stay clock: the end, and the next moment the sweep acts on (the sparse stayClocks index). */
export interface StayClock {
  stayEndsAt: string;
  /** Sort key of the sparse stayClocks index: removed once the end has been recorded, or at discharge. */
  stayClockDue: string;
  stayClockStep: 'reminder' | 'end';
}

/** The day (counted from the admission, 0-based) on which the reminder goes out. */
export function reminderDay(kind: FacilityKind, maxStayDays: number): number {
  const beforeEnd = Math.max(0, maxStayDays - reminderDaysBeforeEnd);
  return kind === 'reo_bed' ? Math.min(reoGpConsultDay, beforeEnd) : beforeEnd;
}

/** The stay clock of an admission at `admittedAt` on a ward with `maxStayDays` (none: no clock). */
export function startStayClock(admittedAt: Date, maxStayDays: number | undefined, kind: FacilityKind, daySeconds: number = dayInSeconds): StayClock | undefined {
  if (!maxStayDays) return undefined;
  const day = daySeconds * 1000;
  const at = admittedAt.getTime();
  return {
    stayEndsAt: new Date(at + maxStayDays * day).toISOString(),
    stayClockDue: new Date(at + reminderDay(kind, maxStayDays) * day).toISOString(),
    stayClockStep: 'reminder',
  };
}

/** Whole days left of the stay at `now` (rounded up, never below 0). */
export function daysLeft(stayEndsAt: string, now: Date, daySeconds: number = dayInSeconds): number {
  return Math.max(0, Math.ceil((Date.parse(stayEndsAt) - now.getTime()) / (daySeconds * 1000) - 1e-9));
}

/** The day of the stay at `now`, counted from the admission (day 0 is the day of admission). */
export function stayDay(stayEndsAt: string, maxStayDays: number, now: Date, daySeconds: number = dayInSeconds): number {
  return Math.max(0, maxStayDays - daysLeft(stayEndsAt, now, daySeconds));
}

/** Still admitted past the end of the stay: the coordinator acts first. */
export const stayEnded = (c: { status: string; stayEndsAt?: string | undefined }, now: Date): boolean =>
  c.status === 'admission_confirmed' && !!c.stayEndsAt && c.stayEndsAt <= now.toISOString();
