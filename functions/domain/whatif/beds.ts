import { facilityKinds, type Facility, type FacilityKind } from '../facility';

/**
 * A change of the bed board for a what-if: `KIND=+N` adds N beds to that kind, `KIND=-N`
 * removes N (never below 0), `KIND=N` sets the kind's total to N. The beds are spread over
 * the kind's facilities and wards in proportion to the beds they have now (largest
 * remainder; evenly when the kind has none), so adding never takes a bed from any ward and
 * removing never adds one. Pure.
 */
export interface BedChange {
  kind: FacilityKind;
  op: 'add' | 'remove' | 'set';
  n: number;
}

/** `wijkkliniek=+4` → the change, or a Dutch message saying what is wrong. */
export function parseBedChange(text: string): BedChange | { error: string } {
  const m = /^([a-z_]+)=([+-]?)(\d+)$/.exec(text);
  if (!m) return { error: `--beds "${text}": verwacht SOORT=+N, SOORT=-N of SOORT=N, bv. wijkkliniek=+4` };
  const kind = m[1] as FacilityKind;
  if (!facilityKinds.includes(kind)) return { error: `--beds "${text}": onbekende soort ${m[1]} (${facilityKinds.join(', ')})` };
  return { kind, op: m[2] === '+' ? 'add' : m[2] === '-' ? 'remove' : 'set', n: Number(m[3]) };
}

/** Beds of each kind on a bed board. */
export const bedsPerKind = (facilities: Facility[]): Record<FacilityKind, number> =>
  Object.fromEntries(facilityKinds.map((k) => [k, facilities.filter((f) => f.kind === k).reduce((n, f) => n + f.wards.reduce((m, w) => m + w.total, 0), 0)])) as Record<FacilityKind, number>;

/** Integer shares of `total` in proportion to `weights` (largest remainder; evenly when all are 0). */
export function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / weights.length);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

/**
 * The bed board after the changes, all beds free (the what-if starts from an empty board).
 * Throws (with a Dutch message) for a kind without facilities that should get beds.
 */
export function applyBedChanges(facilities: Facility[], changes: BedChange[]): Facility[] {
  const board = facilities.map((f) => ({ ...f, wards: f.wards.map((w) => ({ ...w, free: w.total, held: 0 })) }));
  for (const change of changes) {
    const wards = board.filter((f) => f.kind === change.kind).flatMap((f) => f.wards);
    const now = wards.reduce((n, w) => n + w.total, 0);
    const target = change.op === 'add' ? now + change.n : change.op === 'remove' ? Math.max(0, now - change.n) : change.n;
    if (!wards.length && target > 0) throw new Error(`geen instellingen van de soort ${change.kind} om bedden aan toe te voegen`);
    apportion(wards.map((w) => w.total), target).forEach((total, i) => {
      const w = wards[i];
      if (w) Object.assign(w, { total, free: total, held: 0 });
    });
  }
  return board;
}
