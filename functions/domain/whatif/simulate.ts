import { districtForPostcode } from '../districts';
import { facilityKinds, type Facility, type FacilityKind } from '../facility';
import { awayFromSeh, fitButNoBedKinds } from '../outcomes';
import { planPlacement } from '../placement-plan';
import type { Referral } from '../referral-schema';
import { decide } from '../triage/evaluate';
import { destinations, type Destination, type TriageTree, type Ward } from '../triage/tree-schema';
import { applyBedChanges, bedsPerKind, type BedChange } from './beds';
import { stayDays, type LengthOfStay } from './length-of-stay';
import { canonicalJson, uniformFor } from './random';

/**
 * The what-if: a history of referrals replayed through the real tree (`decide`) and the real
 * placement plan (`planPlacement`), the modules production runs, on a simulated bed board.
 * Each referral arrives at its `requestedAt`; a case placed at a facility occupies the bed
 * from then on for a stay drawn from its kind's length-of-stay distribution, with a number
 * drawn from the seed and the referral itself (not from the order of events), so a baseline
 * and a scenario differ only by the beds. The board starts empty. Not simulated: the wait
 * for the facility's confirmation, an SO who declines, a hold that runs out. Pure.
 */

export const placedAtKeys = ['call_112', 'home', 'herstelkliniek', 'wijkkliniek', 'reo_bed', 'seh', 'coordinator'] as const;
export type PlacedAt = (typeof placedAtKeys)[number];

/** A referral ready for the beds: decided once, for both sides. */
export interface Arrival {
  at: number;
  referral: Referral;
  destination: Destination;
  ward?: Ward;
  district: string | undefined;
  /** The number its stay is drawn from: the seed and the referral's own facts. */
  u: number;
}

export interface CaseOutcome {
  placedAt: PlacedAt;
  facilityId?: string;
  ward?: string;
  fitButNoBed: FacilityKind[];
  stayDays?: number;
}

export interface SideSummary {
  byDestination: Record<Destination, number>;
  placedAt: Record<PlacedAt, number>;
  fitButNoBed: Record<FacilityKind, number>;
  placedByFallback: number;
  seh: number;
  /** Occupied beds as a share of the kind's beds, sampled every hour from the first referral to the last. */
  occupancy: Record<FacilityKind, { beds: number; mean: number; p95: number }>;
  bedDaysAvoided: number;
}

export interface SimulationSettings {
  tree: TriageTree;
  seed: number;
  lengthOfStay: LengthOfStay;
  hospitalStayDays: number;
}

/** Decides every referral with the tree and orders them by arrival (ties by their facts, so the input's order does not matter). */
export function prepare(referrals: Referral[], settings: Pick<SimulationSettings, 'tree' | 'seed'>): Arrival[] {
  return referrals
    .map((referral) => {
      const key = canonicalJson(referral);
      const d = decide(settings.tree, referral);
      return {
        key,
        arrival: {
          at: Date.parse(referral.referrer.requestedAt),
          referral,
          destination: d.destination,
          ...(d.ward ? { ward: d.ward } : {}),
          district: districtForPostcode(referral.patient.postcode),
          u: uniformFor(settings.seed, key),
        } as Arrival,
      };
    })
    .sort((a, b) => a.arrival.at - b.arrival.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.arrival);
}

/** A min-heap of discharges by time. */
class Discharges {
  private readonly items: Array<{ at: number; ward: { free: number }; kind: FacilityKind }> = [];
  push(item: { at: number; ward: { free: number }; kind: FacilityKind }) {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if ((a[p] as { at: number }).at <= item.at) break;
      [a[i], a[p]] = [a[p] as typeof item, item];
      i = p;
    }
  }
  /** Takes every discharge at or before `at`, calling `release` for each. */
  until(at: number, release: (item: { ward: { free: number }; kind: FacilityKind }) => void) {
    const a = this.items;
    while (a.length && (a[0] as { at: number }).at <= at) {
      const top = a[0] as (typeof a)[number];
      const last = a.pop() as (typeof a)[number];
      if (a.length) {
        a[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < a.length && (a[l] as typeof last).at < (a[m] as typeof last).at) m = l;
          if (r < a.length && (a[r] as typeof last).at < (a[m] as typeof last).at) m = r;
          if (m === i) break;
          [a[i], a[m]] = [a[m] as typeof last, a[i] as typeof last];
          i = m;
        }
      }
      release(top);
    }
  }
}

const hour = 3_600_000;
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Runs the arrivals against one bed board (its totals; it starts empty). */
export function runBeds(arrivals: Arrival[], facilities: Facility[], settings: SimulationSettings): { outcomes: CaseOutcome[]; summary: SideSummary } {
  const board = applyBedChanges(facilities, []);
  const wards = new Map(board.flatMap((f) => f.wards.map((w) => [`${f.facilityId}|${w.ward}`, { w, kind: f.kind }] as const)));
  const beds = bedsPerKind(board);
  const occupied = zeros(facilityKinds);
  const samples: Record<FacilityKind, number[]> = { herstelkliniek: [], wijkkliniek: [], reo_bed: [] };
  const discharges = new Discharges();
  const release = (item: { ward: { free: number }; kind: FacilityKind }) => {
    item.ward.free++;
    occupied[item.kind]--;
  };
  let tick = arrivals.length ? Math.floor((arrivals[0] as Arrival).at / hour) * hour : 0;
  const outcomes: CaseOutcome[] = [];
  for (const a of arrivals) {
    for (; tick <= a.at; tick += hour) {
      discharges.until(tick, release);
      for (const k of facilityKinds) samples[k].push(occupied[k]);
    }
    discharges.until(a.at, release);
    if (a.destination === 'call_112') {
      outcomes.push({ placedAt: 'call_112', fitButNoBed: [] });
      continue;
    }
    const decision = { destination: a.destination, ...(a.ward ? { ward: a.ward } : {}) };
    const plan = planPlacement({ decision, referral: a.referral, district: a.district, facilities: board, at: new Date(a.at), tree: settings.tree });
    const step = plan.steps[0];
    if (!step) throw new Error(`no placement plan for ${a.destination}`);
    if (step.type === 'facility') {
      const bed = wards.get(`${step.facilityId}|${step.ward}`);
      if (!bed) throw new Error(`unknown ward ${step.facilityId} ${step.ward}`);
      const days = stayDays(settings.lengthOfStay[step.destination], a.u);
      bed.w.free--;
      occupied[step.destination]++;
      discharges.push({ at: a.at + days * 86_400_000, ward: bed.w, kind: step.destination });
      outcomes.push({ placedAt: step.destination, facilityId: step.facilityId, ward: step.ward, fitButNoBed: fitButNoBedKinds(plan.skipped, step.destination, a.destination), stayDays: days });
    } else {
      const placedAt = step.type === 'coordinator' ? 'coordinator' : step.destination;
      outcomes.push({ placedAt, fitButNoBed: fitButNoBedKinds(plan.skipped, placedAt, a.destination) });
    }
  }
  return { outcomes, summary: summarize(arrivals, outcomes, beds, samples, settings.hospitalStayDays) };
}

function summarize(arrivals: Arrival[], outcomes: CaseOutcome[], beds: Record<FacilityKind, number>, samples: Record<FacilityKind, number[]>, hospitalStayDays: number): SideSummary {
  const byDestination = zeros(destinations);
  const placedAt = zeros(placedAtKeys);
  const fitButNoBed = zeros(facilityKinds);
  let placedByFallback = 0;
  outcomes.forEach((o, i) => {
    const decided = (arrivals[i] as Arrival).destination;
    byDestination[decided]++;
    placedAt[o.placedAt]++;
    for (const k of o.fitButNoBed) fitButNoBed[k]++;
    if (o.placedAt !== decided && o.placedAt !== 'coordinator') placedByFallback++;
  });
  const occupancy = Object.fromEntries(
    facilityKinds.map((k) => {
      const xs = [...samples[k]].sort((a, b) => a - b);
      const n = beds[k];
      const mean = n && xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length / n : 0;
      const p95 = n && xs.length ? (xs[Math.max(1, Math.ceil(0.95 * xs.length)) - 1] ?? 0) / n : 0;
      return [k, { beds: n, mean: round3(mean), p95: round3(p95) }];
    }),
  ) as SideSummary['occupancy'];
  const away = awayFromSeh.reduce((n, p) => n + (placedAt[p as PlacedAt] ?? 0), 0);
  return { byDestination, placedAt, fitButNoBed, placedByFallback, seh: placedAt.seh, occupancy, bedDaysAvoided: Math.round(away * hospitalStayDays) };
}

export interface WhatIfResult {
  referrals: number;
  baseline: SideSummary;
  scenario: SideSummary;
}

/** The same referrals against the bed board as it is and as changed; decided once for both. */
export function whatIf(referrals: Referral[], facilities: Facility[], changes: BedChange[], settings: SimulationSettings): WhatIfResult & { outcomes: { baseline: CaseOutcome[]; scenario: CaseOutcome[] }; arrivals: Arrival[] } {
  const arrivals = prepare(referrals, settings);
  const baseline = runBeds(arrivals, facilities, settings);
  const scenario = runBeds(arrivals, applyBedChanges(facilities, changes), settings);
  return { referrals: arrivals.length, baseline: baseline.summary, scenario: scenario.summary, outcomes: { baseline: baseline.outcomes, scenario: scenario.outcomes }, arrivals };
}
