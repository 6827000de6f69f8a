import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facilityKinds, type Facility, type FacilityKind } from '../../functions/domain/facility';
import { destinationChain } from '../../functions/domain/placement-plan';
import { referralSchema } from '../../functions/domain/referral-schema';
import { currentTree } from '../../functions/domain/triage/trees';
import { apportion, applyBedChanges, bedsPerKind, parseBedChange } from '../../functions/domain/whatif/beds';
import { lengthOfStayDefaults, parseLengthOfStay, stayDays } from '../../functions/domain/whatif/length-of-stay';
import { prepare, runBeds, whatIf, type SimulationSettings } from '../../functions/domain/whatif/simulate';
import { syntheticYear } from '../../functions/domain/whatif/synthetic-year';
import { sampleFacilities } from '../../local/seed';
import { testFacility } from '../support/region';

/**
 * The what-if replays referrals through the real tree and placement plan on a simulated
 * bed board. Adding beds never raises "fit but no bed"; a kind set to 0 sends every case
 * that fits it to its fallback; the same seed gives the same result.
 */
const settings: SimulationSettings = { tree: currentTree, seed: 1, lengthOfStay: lengthOfStayDefaults, hospitalStayDays: 6 };
const year = syntheticYear(1);
const arrivals = prepare(year, settings);
const baseline = runBeds(arrivals, sampleFacilities(), settings);
const quarter = prepare(year.filter((r) => r.referrer.requestedAt < '2026-04-01'), settings);

describe('a synthetic year of the sample region', () => {
  it('is about 20,000 valid referrals, by the GP in office hours and the HAP outside them', () => {
    expect(year.length).toBeGreaterThan(19_000);
    expect(year.length).toBeLessThan(21_000);
    for (const r of year.slice(0, 500)) expect(referralSchema.safeParse(r).success).toBe(true);
    const hap = year.filter((r) => r.referrer.role === 'hap_triagist').length / year.length;
    expect(hap).toBeGreaterThan(0.3);
    expect(hap).toBeLessThan(0.8);
  });

  it('runs in at most 10 s for the year, baseline and scenario (the issue’s bound on 2 cores)', () => {
    const started = performance.now();
    const r = whatIf(syntheticYear(7), sampleFacilities(), [{ kind: 'wijkkliniek', op: 'add', n: 4 }], { ...settings, seed: 7 });
    const ms = performance.now() - started;
    console.log(`what-if over ${r.referrals} referrals: ${Math.round(ms)} ms`);
    expect(r.referrals).toBeGreaterThan(19_000);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('adding beds never raises "fit but no bed"', () => {
  it.each(facilityKinds.flatMap((kind) => [1, 2, 4, 8].map((n) => [kind, n] as const)))('%s +%i, over a quarter of the sample year', (kind, n) => {
    const base = runBeds(quarter, sampleFacilities(), settings).summary.fitButNoBed;
    const more = runBeds(quarter, applyBedChanges(sampleFacilities(), [{ kind, op: 'add', n }]), settings).summary.fitButNoBed;
    for (const k of facilityKinds) expect(more[k], k).toBeLessThanOrEqual(base[k]);
  });

  it('over the whole year, 4 more of every kind', () => {
    const more = runBeds(arrivals, applyBedChanges(sampleFacilities(), facilityKinds.map((kind) => ({ kind, op: 'add' as const, n: 4 }))), settings).summary;
    for (const k of facilityKinds) expect(more.fitButNoBed[k], k).toBeLessThanOrEqual(baseline.summary.fitButNoBed[k]);
    expect(more.seh).toBeLessThanOrEqual(baseline.summary.seh);
  });

  it('for any history and any board of 24/7 facilities, whatever beds are added (property)', () => {
    const board = fc.record({
      herstelkliniek: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }),
      wijkkliniek: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }),
      reo_bed: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
    });
    const toFacilities = (b: Record<FacilityKind, number[]>): Facility[] =>
      facilityKinds.flatMap((kind) => b[kind].map((beds, i) => testFacility({
        facilityId: `${kind.replace('_', '-')}-${i}`, kind, district: i % 2 ? 'Charlois' : 'Delfshaven',
        wards: kind === 'herstelkliniek' ? ['somatiek', 'delier', 'grz', 'structuur', 'gedrag', 'palliatief'].map((ward) => ({ ward: ward as never, total: beds, free: beds, held: 0 })) : [{ ward: 'algemeen', total: beds, free: beds, held: 0 }],
      })));
    fc.assert(
      fc.property(board, fc.integer({ min: 1, max: 1000 }), fc.nat(18_000), fc.integer({ min: 20, max: 200 }), fc.constantFrom(...facilityKinds), fc.integer({ min: 1, max: 5 }), (b, seed, from, count, kind, n) => {
        // Some of the year's referrals squeezed into a day or three: beds run out.
        const history = year.slice(from, from + count).map((r, i) => ({ ...r, referrer: { ...r.referrer, requestedAt: new Date(Date.UTC(2026, 0, 1) + i * 20 * 60_000).toISOString() } }));
        const a = prepare(history, { ...settings, seed });
        const before = runBeds(a, toFacilities(b), { ...settings, seed }).summary.fitButNoBed;
        const after = runBeds(a, applyBedChanges(toFacilities(b), [{ kind, op: 'add', n }]), { ...settings, seed }).summary.fitButNoBed;
        return facilityKinds.every((k) => after[k] <= before[k]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a kind set to 0 beds', () => {
  it.each(facilityKinds)('%s=0 sends every case that fits it to the fallback of the placement plan', (kind) => {
    const scenario = runBeds(arrivals, applyBedChanges(sampleFacilities(), [{ kind, op: 'set', n: 0 }]), settings);
    expect(scenario.summary.placedAt[kind]).toBe(0);
    expect(scenario.summary.occupancy[kind]).toEqual({ beds: 0, mean: 0, p95: 0 });
    let fitting = 0;
    arrivals.forEach((a, i) => {
      const chain = destinationChain({ destination: a.destination, ...(a.ward ? { ward: a.ward } : {}) }, a.referral, currentTree).map((l) => l.destination);
      const at = chain.indexOf(kind);
      if (at < 0) return;
      const outcome = scenario.outcomes[i];
      const ended = outcome?.placedAt;
      if (at > 0 && baseline.outcomes[i]?.placedAt === chain[at - 1]) return; // never got this far
      fitting++;
      expect(chain.slice(at + 1), `${a.destination} → ${ended}`).toContain(ended);
      expect(outcome?.fitButNoBed).toContain(kind);
    });
    expect(fitting).toBeGreaterThan(100);
    expect(scenario.summary.fitButNoBed[kind]).toBeGreaterThanOrEqual(fitting);
  });
});

describe('the same seed gives the same result', () => {
  it('twice the same year, the same seed: identical; another seed: other stays', () => {
    const again = whatIf(year, sampleFacilities(), [{ kind: 'reo_bed', op: 'add', n: 2 }], settings);
    const same = whatIf(year, sampleFacilities(), [{ kind: 'reo_bed', op: 'add', n: 2 }], settings);
    expect({ ...same, arrivals: undefined }).toEqual({ ...again, arrivals: undefined });
    const other = runBeds(prepare(year, { ...settings, seed: 2 }), sampleFacilities(), { ...settings, seed: 2 });
    expect(other.summary).not.toEqual(baseline.summary);
  });

  it('does not depend on the order the history lists the referrals in', () => {
    const shuffled = [...year].reverse();
    expect(runBeds(prepare(shuffled, settings), sampleFacilities(), settings).summary).toEqual(baseline.summary);
  });

  it('draws each referral’s stay from the seed and the referral: a case placed at the same kind stays as long in both', () => {
    const scenario = runBeds(arrivals, applyBedChanges(sampleFacilities(), [{ kind: 'wijkkliniek', op: 'add', n: 6 }]), settings);
    let compared = 0;
    scenario.outcomes.forEach((o, i) => {
      const b = baseline.outcomes[i];
      if (o.stayDays !== undefined && b?.placedAt === o.placedAt) {
        expect(o.stayDays).toBe(b.stayDays);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('bed changes and stays', () => {
  const board = sampleFacilities();

  it('+N spreads over the kind’s wards by their size and takes none away; -N removes; N sets the total', () => {
    const before = bedsPerKind(board);
    const plus = applyBedChanges(board, [{ kind: 'herstelkliniek', op: 'add', n: 7 }]);
    expect(bedsPerKind(plus)).toEqual({ ...before, herstelkliniek: before.herstelkliniek + 7 });
    plus.flatMap((f) => f.wards).forEach((w, i) => expect(w.total).toBeGreaterThanOrEqual(board.flatMap((f) => f.wards)[i]?.total ?? 0));
    expect(bedsPerKind(applyBedChanges(board, [{ kind: 'wijkkliniek', op: 'remove', n: 100 }])).wijkkliniek).toBe(0);
    expect(bedsPerKind(applyBedChanges(board, [{ kind: 'reo_bed', op: 'set', n: 20 }])).reo_bed).toBe(20);
    expect(apportion([0, 0, 0], 4)).toEqual([2, 1, 1]);
    expect(apportion([12, 10, 8], 34)).toEqual([14, 11, 9]);
  });

  it('reads KIND=+N|-N|N, and says in Dutch what is wrong', () => {
    expect(parseBedChange('wijkkliniek=+4')).toEqual({ kind: 'wijkkliniek', op: 'add', n: 4 });
    expect(parseBedChange('reo_bed=-2')).toEqual({ kind: 'reo_bed', op: 'remove', n: 2 });
    expect(parseBedChange('herstelkliniek=60')).toEqual({ kind: 'herstelkliniek', op: 'set', n: 60 });
    expect(parseBedChange('ziekenhuis=+1')).toEqual({ error: expect.stringContaining('onbekende soort ziekenhuis') });
    expect(parseBedChange('wijkkliniek=veel')).toEqual({ error: expect.stringContaining('verwacht SOORT=+N') });
    expect(() => applyBedChanges(board.filter((f) => f.kind !== 'reo_bed'), [{ kind: 'reo_bed', op: 'add', n: 1 }])).toThrow(/geen instellingen van de soort reo_bed/);
  });

  it('draws stays from the triangle, within its bounds', () => {
    const t = lengthOfStayDefaults.reo_bed;
    const xs = Array.from({ length: 1000 }, (_, i) => stayDays(t, (i + 0.5) / 1000));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(t.min);
    expect(Math.max(...xs)).toBeLessThanOrEqual(t.max);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo((t.min + t.mode + t.max) / 3, 1);
    expect(parseLengthOfStay('wijkkliniek=1,3,6')).toEqual({ kind: 'wijkkliniek', triangle: { min: 1, mode: 3, max: 6 } });
    expect(parseLengthOfStay('wijkkliniek=5,3,6')).toEqual({ error: expect.stringContaining('MIN ≤ MODUS ≤ MAX') });
  });
});
