import type { FiguresCase } from './case-history';
import { facilityKinds, wardNames, type Facility, type FacilityKind } from './facility';
import { datesOf, startOfLocalDay, addDays, type LocalPeriod } from './local-date';
import { awayFromSeh, endPlace, endPlaces, fitButNoBedKinds, type EndPlace, type HospitalStay } from './outcomes';
import { referrerRoles } from './referral-schema';
import { cell, hideRow, restingOn, share, secondary, type Cell } from './small-cells';
import { destinations, type Destination } from './triage/tree-schema';

/**
 * The figures a region steers on, from the case data of a period (pure). `computeFigures`
 * counts; `showFigures` hides the small cells, so that no figure reveals a single patient.
 * The README's "Figures" section says in one line per figure how each is counted.
 */

export interface FiguresInput {
  /** The region's cases created from `occupancyFrom(period, facilities)` up to the period's end. */
  cases: FiguresCase[];
  /** The bed board now: current totals per ward, facility kinds and districts. */
  facilities: Facility[];
  period: LocalPeriod;
  /** Cases of patients in this district; for occupancy, the facilities in this district. */
  district?: string;
  now: Date;
  hospitalStay: HospitalStay;
}

export type DestinationKey = Destination | 'undecided';
export type ReferrerKey = (typeof referrerRoles)[number];

export interface OccupancyRow<C = number> {
  date: string;
  kind: FacilityKind;
  ward: string;
  occupied: C;
  total: number;
}

/** The counts before any is hidden: what the tests assert, and what `showFigures` turns into the answer. */
export interface RawFigures {
  from: string;
  to: string;
  district: string | null;
  referrals: { total: number; byDestination: Record<DestinationKey, number>; byPlacement: Record<EndPlace, number>; byReferrerRole: Record<ReferrerKey, number> };
  /** Cases that ended away from the SEH (home, herstelkliniek, wijkkliniek, REO) and at the SEH. */
  sehAvoided: { away: number; seh: number };
  /** Minutes from the referral, per case that got that far, ascending. */
  minutes: { toDecision: number[]; toBedHeld: number[]; toAdmission: number[] };
  so: { consultations: number; escalated: number; answerMinutes: number[] };
  holdsExpired: number;
  fitButNoBed: Record<FacilityKind, number>;
  occupancy: OccupancyRow[];
  bedDaysAvoided: { cases: number; averageStayDays: number; source: string };
}

/** A stay can start before the period: cases created this long before it are read for occupancy (twice the longest maximum stay). */
/** Twice the longest maximum stay, of a facility or (issue 11) of one of its wards. */
export const occupancyLookbackDays = (facilities: Array<Pick<Facility, 'maxStayDays'> & { wards?: Facility['wards'] }>) =>
  2 * Math.max(14, ...facilities.flatMap((f) => [f.maxStayDays, ...(f.wards ?? []).map((w) => w.maxStayDays ?? 0)]));

const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 6_000) / 10;
const firstAt = (c: FiguresCase, step: string) => c.timeline.find((e) => e.step === step)?.at;
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const ascending = (xs: number[]) => xs.sort((a, b) => a - b);

/**
 * One SO consultation runs from its first request to an answer, or to the coordinator when
 * nobody in the chain answered. It escalated when the first person asked did not answer in
 * time (the chain moved on).
 */
function consultations(c: FiguresCase): Array<{ answerMinutes?: number; escalated: boolean }> {
  const found: Array<{ answerMinutes?: number; escalated: boolean }> = [];
  let open: { at: string; escalated: boolean } | undefined;
  for (const e of c.timeline) {
    if (e.step === 'consultation_requested' && !open) open = { at: e.at, escalated: false };
    else if (e.step === 'consultation_unanswered' && open) open.escalated = true;
    else if (e.step === 'consultation_answered' && open) {
      found.push({ answerMinutes: minutesBetween(open.at, e.at), escalated: open.escalated });
      open = undefined;
    } else if ((e.step === 'consultation_escalated' || e.step === 'consultation_failed') && open) {
      found.push({ escalated: open.escalated || e.step === 'consultation_escalated' });
      open = undefined;
    }
  }
  if (open) found.push({ escalated: open.escalated });
  return found;
}

/** When the case lay in a bed, and where: from the admission to the discharge (or still). */
function stay(c: FiguresCase): { kind: FacilityKind; facilityId: string; ward: string; from: number; to: number } | undefined {
  const admitted = c.timeline.findLast((e) => e.step === 'admission_confirmed');
  const p = c.placement;
  if (!admitted || !p?.facilityId || !p.ward || !(facilityKinds as readonly string[]).includes(p.destination)) return undefined;
  const discharged = c.timeline.find((e) => e.step === 'discharged' && e.at >= admitted.at);
  return { kind: p.destination as FacilityKind, facilityId: p.facilityId, ward: p.ward, from: Date.parse(admitted.at), to: discharged ? Date.parse(discharged.at) : Infinity };
}

/** Patients in a bed at the end of each day (today: now), per kind and ward, against the beds there now. */
function occupancy(input: FiguresInput): OccupancyRow[] {
  const facilities = input.facilities.filter((f) => !input.district || f.district === input.district);
  const totals = new Map<string, OccupancyRow>();
  const key = (kind: string, ward: string) => `${kind}|${ward}`;
  for (const f of facilities) {
    for (const w of f.wards) {
      const row = totals.get(key(f.kind, w.ward)) ?? { date: '', kind: f.kind, ward: w.ward, occupied: 0, total: 0 };
      row.total += w.total;
      totals.set(key(f.kind, w.ward), row);
    }
  }
  const here = new Set(facilities.map((f) => f.facilityId));
  const stays = input.cases.map(stay).filter((s) => s !== undefined && (input.district ? here.has(s.facilityId) : true)) as Array<NonNullable<ReturnType<typeof stay>>>;
  if (!input.district) for (const s of stays) if (!totals.has(key(s.kind, s.ward))) totals.set(key(s.kind, s.ward), { date: '', kind: s.kind, ward: s.ward, occupied: 0, total: 0 });
  const order = [...totals.values()].sort((a, b) => facilityKinds.indexOf(a.kind) - facilityKinds.indexOf(b.kind) || wardNames.indexOf(a.ward as never) - wardNames.indexOf(b.ward as never));
  const now = input.now.getTime();
  const rows: OccupancyRow[] = [];
  for (const date of datesOf(input.period.from, input.period.to)) {
    if (startOfLocalDay(date).getTime() > now) break;
    const at = Math.min(startOfLocalDay(addDays(date, 1)).getTime(), now);
    for (const r of order) {
      const occupied = stays.filter((s) => s.kind === r.kind && s.ward === r.ward && s.from <= at && s.to > at).length;
      rows.push({ date, kind: r.kind, ward: r.ward, occupied, total: r.total });
    }
  }
  return rows;
}

export function computeFigures(input: FiguresInput): RawFigures {
  const { start, end } = input.period;
  const inPeriod = input.cases.filter((c) => {
    const at = Date.parse(c.createdAt);
    return at >= start.getTime() && at < end.getTime() && (!input.district || c.district === input.district);
  });
  const byDestination = zeros<DestinationKey>([...destinations, 'undecided']);
  const byPlacement = zeros(endPlaces);
  const byReferrerRole = zeros(referrerRoles);
  const fitButNoBed = zeros(facilityKinds);
  const minutes = { toDecision: [] as number[], toBedHeld: [] as number[], toAdmission: [] as number[] };
  const so = { consultations: 0, escalated: 0, answerMinutes: [] as number[] };
  let holdsExpired = 0;
  for (const c of inPeriod) {
    byDestination[c.decision?.destination ?? 'undecided']++;
    byPlacement[endPlace(c)]++;
    if (c.referrerRole) byReferrerRole[c.referrerRole]++;
    if (c.placement && c.decision) for (const kind of fitButNoBedKinds(c.placement.tried, c.placement.destination, c.decision.destination)) fitButNoBed[kind]++;
    for (const [measure, step] of [['toDecision', 'triaged'], ['toBedHeld', 'bed_held'], ['toAdmission', 'admission_confirmed']] as const) {
      const at = firstAt(c, step);
      if (at) minutes[measure].push(minutesBetween(c.createdAt, at));
    }
    for (const k of consultations(c)) {
      so.consultations++;
      if (k.escalated) so.escalated++;
      if (k.answerMinutes !== undefined) so.answerMinutes.push(k.answerMinutes);
    }
    holdsExpired += c.timeline.filter((e) => e.step === 'expired').length;
  }
  const away = awayFromSeh.reduce((n, p) => n + byPlacement[p], 0);
  return {
    from: input.period.from,
    to: input.period.to,
    district: input.district ?? null,
    referrals: { total: inPeriod.length, byDestination, byPlacement, byReferrerRole },
    sehAvoided: { away, seh: byPlacement.seh },
    minutes: { toDecision: ascending(minutes.toDecision), toBedHeld: ascending(minutes.toBedHeld), toAdmission: ascending(minutes.toAdmission) },
    so: { ...so, answerMinutes: ascending(so.answerMinutes) },
    holdsExpired,
    fitButNoBed,
    occupancy: occupancy(input),
    bedDaysAvoided: { cases: away, averageStayDays: input.hospitalStay.days, source: input.hospitalStay.source },
  };
}

/** Nearest rank: the smallest value with at least p% of the values at or below it; null without values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? null;
}

export type Hidden<T> = T | '<5';
export interface Spread {
  n: Cell;
  median: Hidden<number | null>;
  p90: Hidden<number | null>;
}

const spread = (values: readonly number[]): Spread => ({
  n: cell(values.length),
  median: restingOn(percentile(values, 50), values.length),
  p90: restingOn(percentile(values, 90), values.length),
});

/** The answer of GET /figures: the counts with every small cell hidden. */
export function showFigures(raw: RawFigures) {
  const bedDaysCases = cell(raw.bedDaysAvoided.cases);
  return {
    from: raw.from,
    to: raw.to,
    district: raw.district,
    referrals: {
      total: cell(raw.referrals.total),
      byDestination: hideRow(raw.referrals.byDestination),
      byPlacement: hideRow(raw.referrals.byPlacement),
      byReferrerRole: hideRow(raw.referrals.byReferrerRole),
    },
    sehAvoidedShare: share(raw.sehAvoided.away, raw.sehAvoided.away + raw.sehAvoided.seh),
    minutes: { toDecision: spread(raw.minutes.toDecision), toBedHeld: spread(raw.minutes.toBedHeld), toAdmission: spread(raw.minutes.toAdmission) },
    so: { consultations: cell(raw.so.consultations), answerMinutes: spread(raw.so.answerMinutes), escalationRate: share(raw.so.escalated, raw.so.consultations) },
    holdsExpired: cell(raw.holdsExpired),
    fitButNoBed: hideRow(raw.fitButNoBed),
    occupancy: raw.occupancy.map((r): OccupancyRow<Cell> => ({ ...r, occupied: cell(r.occupied) })),
    bedDaysAvoided: {
      days: bedDaysCases === raw.bedDaysAvoided.cases ? raw.bedDaysAvoided.cases * raw.bedDaysAvoided.averageStayDays : secondary,
      cases: bedDaysCases,
      averageStayDays: raw.bedDaysAvoided.averageStayDays,
      source: raw.bedDaysAvoided.source,
    },
  };
}
export type Figures = ReturnType<typeof showFigures>;

/** The day from which cases are read: the period's start, less the occupancy lookback. */
export const readFrom = (period: LocalPeriod, facilities: Array<Pick<Facility, 'maxStayDays'> & { wards?: Facility['wards'] }>): Date => startOfLocalDay(addDays(period.from, -occupancyLookbackDays(facilities)));

