import { describe, expect, it } from 'vitest';
import { computeFigures, percentile, readFrom, showFigures } from '../../functions/domain/figures';
import { figuresCsv, figuresFilename } from '../../functions/domain/figures-csv';
import { localPeriod } from '../../functions/domain/local-date';
import { fitButNoBedKinds, hospitalStay, triedKindsInOrder } from '../../functions/domain/outcomes';
import { destinationChain } from '../../functions/domain/placement-plan';
import { parseReferral } from '../../functions/domain/referral-schema';
import { currentTree } from '../../functions/domain/triage/trees';
import { destinations } from '../../functions/domain/triage/tree-schema';
import { asFiguresCase, historyFacilities, period, seededHistory } from '../support/history';
import { referral } from '../support/referral';

/**
 * The figures over a seeded history of 236 cases with known outcomes (test/support/history.ts
 * says per group what happened): every figure exactly, the small-cell rule included.
 */
const cases = seededHistory().map(asFiguresCase);
const facilities = historyFacilities();
const now = new Date('2026-12-01T12:00:00Z');
const figures = (district?: string, at = now) =>
  computeFigures({ cases, facilities, period: localPeriod(period.from, period.to), ...(district ? { district } : {}), now: at, hospitalStay: hospitalStay(undefined) });

/** Occupancy as [date, occupied] runs per kind/ward, as the history says by hand. */
const days = (from: number, to: number, occupied: number) => Array.from({ length: to - from + 1 }, (_, i) => [`2026-11-${String(from + i).padStart(2, '0')}`, occupied]);

describe('the figures of November 2026, weeks 45–48, the whole region', () => {
  const raw = figures();
  const shown = showFigures(raw);

  it('counts the referrals by the tree’s decision, by where they ended and by who referred', () => {
    expect(raw.referrals).toEqual({
      total: 233,
      byDestination: { call_112: 2, home: 104, herstelkliniek: 36, wijkkliniek: 59, reo_bed: 3, seh: 28, undecided: 1 },
      byPlacement: { home: 100, herstelkliniek: 33, wijkkliniek: 42, reo_bed: 0, seh: 40, call_112: 2, coordinator: 11, cancelled: 4, open: 1 },
      byReferrerRole: { gp: 191, hap_triagist: 42 },
    });
  });

  it('hides the counts of 1 to 4 as "<5"; with two or more hidden in a row, nothing more', () => {
    expect(shown.referrals).toEqual({
      total: 233,
      byDestination: { call_112: '<5', home: 104, herstelkliniek: 36, wijkkliniek: 59, reo_bed: '<5', seh: 28, undecided: '<5' },
      byPlacement: { home: 100, herstelkliniek: 33, wijkkliniek: 42, reo_bed: 0, seh: 40, call_112: '<5', coordinator: 11, cancelled: '<5', open: '<5' },
      byReferrerRole: { gp: 191, hap_triagist: 42 },
    });
  });

  it('routes 81.4% away from the SEH and counts 175 × 6 hospital bed-days avoided, with the assumption named', () => {
    expect(raw.sehAvoided).toEqual({ away: 175, seh: 40 });
    expect(shown.sehAvoidedShare).toBe(0.814);
    expect(shown.bedDaysAvoided).toEqual({ days: 1050, cases: 175, averageStayDays: 6, source: expect.stringMatching(/^aanname/) });
  });

  it('gives median and p90 minutes from the referral to the decision, the held bed and the admission (nearest rank)', () => {
    expect(shown.minutes).toEqual({
      toDecision: { n: 232, median: 2, p90: 5 },
      toBedHeld: { n: 80, median: 3, p90: 10 },
      toAdmission: { n: 75, median: 63, p90: 90 },
    });
  });

  it('gives the SO answer time from the first request and the share where the first SO did not answer in time', () => {
    expect(raw.so.consultations).toBe(30);
    expect(raw.so.escalated).toBe(6);
    expect(shown.so).toEqual({ consultations: 30, answerMinutes: { n: 30, median: 33, p90: 57 }, escalationRate: 0.2 });
  });

  it('counts the holds that expired, 7, the two placed again included', () => {
    expect(shown.holdsExpired).toBe(7);
  });

  it('counts "clinically fit but no bed" per kind; one hidden cell hides the next smallest as "x"', () => {
    expect(raw.fitButNoBed).toEqual({ herstelkliniek: 6, wijkkliniek: 12, reo_bed: 3 });
    expect(shown.fitButNoBed).toEqual({ herstelkliniek: 'x', wijkkliniek: 12, reo_bed: '<5' });
  });

  it('counts the patients in a bed at the end of each day per kind and ward, a stay from before the period included', () => {
    const series = (kind: string, ward: string) => raw.occupancy.filter((r) => r.kind === kind && r.ward === ward).map((r) => [r.date, r.occupied]);
    expect(raw.occupancy).toHaveLength(28 * 4);
    expect(series('wijkkliniek', 'algemeen')).toEqual([...days(2, 2, 21), ...days(3, 8, 20), ...days(9, 15, 0), ...days(16, 25, 20), ...days(26, 29, 22)]);
    expect(series('herstelkliniek', 'somatiek')).toEqual([...days(2, 9, 0), ...days(10, 22, 3), ...days(23, 24, 33), ...days(25, 29, 18)]);
    expect(series('herstelkliniek', 'delier')).toEqual(days(2, 29, 0));
    expect(series('reo_bed', 'algemeen')).toEqual(days(2, 29, 0));
    expect(raw.occupancy.slice(0, 4)).toEqual([
      { date: '2026-11-02', kind: 'herstelkliniek', ward: 'somatiek', occupied: 0, total: 40 },
      { date: '2026-11-02', kind: 'herstelkliniek', ward: 'delier', occupied: 0, total: 6 },
      { date: '2026-11-02', kind: 'wijkkliniek', ward: 'algemeen', occupied: 21, total: 50 },
      { date: '2026-11-02', kind: 'reo_bed', ward: 'algemeen', occupied: 0, total: 8 },
    ]);
    expect(shown.occupancy.find((r) => r.date === '2026-11-10' && r.ward === 'somatiek')).toEqual({ date: '2026-11-10', kind: 'herstelkliniek', ward: 'somatiek', occupied: '<5', total: 40 });
  });

  it('stops the occupancy at today, counting today as it stands now', () => {
    const midway = figures(undefined, new Date('2026-11-16T12:00:00Z'));
    expect(midway.occupancy.at(-1)?.date).toBe('2026-11-16');
    expect(midway.occupancy.find((r) => r.date === '2026-11-16' && r.kind === 'wijkkliniek')?.occupied).toBe(20);
  });

  it('reads the cases from twice the longest maximum stay before the period, for the occupancy', () => {
    expect(readFrom(localPeriod(period.from, period.to), facilities).toISOString()).toBe('2026-10-04T22:00:00.000Z'); // 5 October, still summer time
  });

  it('gives every table as CSV, hidden cells as in the JSON', () => {
    expect(figuresCsv(shown, 'referrals').split('\n').slice(0, 4)).toEqual(['group,key,value', 'referrals,total,233', 'byDestination,call_112,<5', 'byDestination,home,104']);
    expect(figuresCsv(shown, 'referrals')).toContain('\nsehAvoidedShare,,0.814\nholdsExpired,,7\nbedDaysAvoided,days,1050\nbedDaysAvoided,cases,175\nbedDaysAvoided,averageStayDays,6\n');
    expect(figuresCsv(shown, 'minutes')).toBe('measure,n,median,p90\ntoDecision,232,2,5\ntoBedHeld,80,3,10\ntoAdmission,75,63,90\n');
    expect(figuresCsv(shown, 'so')).toBe('consultations,answerMinutesN,answerMinutesMedian,answerMinutesP90,escalationRate\n30,30,33,57,0.2\n');
    expect(figuresCsv(shown, 'fitButNoBed')).toBe('kind,count\nherstelkliniek,x\nwijkkliniek,12\nreo_bed,<5\n');
    const occupancy = figuresCsv(shown, 'occupancy').split('\n');
    expect(occupancy[0]).toBe('date,kind,ward,occupied,total');
    expect(occupancy).toContain('2026-11-10,herstelkliniek,somatiek,<5,40');
    expect(occupancy).toContain('2026-11-26,wijkkliniek,algemeen,22,50');
    expect(occupancy).toHaveLength(1 + 112 + 1);
    expect(figuresFilename(shown, 'occupancy')).toBe('cijfers-occupancy-2026-11-02-2026-11-29.csv');
  });
});

describe('per district', () => {
  it('Delfshaven: the cases of its patients, and the occupancy of its own facilities', () => {
    const raw = figures('Delfshaven');
    expect(raw.referrals.total).toBe(210);
    expect(raw.referrals.byReferrerRole).toEqual({ gp: 170, hap_triagist: 40 });
    expect(new Set(raw.occupancy.map((r) => r.kind))).toEqual(new Set(['herstelkliniek']));
    expect(raw.occupancy.find((r) => r.date === '2026-11-23' && r.ward === 'somatiek')?.occupied).toBe(33);
  });

  it('Charlois: 2 of 20 by the HAP shows "<5", and the GP’s 18 becomes "x" so the total does not give it away', () => {
    const shown = showFigures(figures('Charlois'));
    expect(shown.referrals.total).toBe(20);
    expect(shown.referrals.byReferrerRole).toEqual({ gp: 'x', hap_triagist: '<5' });
    expect(shown.referrals.byDestination).toEqual({ call_112: 0, home: 20, herstelkliniek: 0, wijkkliniek: 0, reo_bed: 0, seh: 0, undecided: 0 });
    expect(shown.sehAvoidedShare).toBe(1);
    expect(shown.district).toBe('Charlois');
    expect(shown.occupancy).toEqual([]);
  });

  it('Hoogvliet: 3 cases in all; every count, median, share and the bed-days hidden', () => {
    const shown = showFigures(figures('Hoogvliet'));
    expect(shown.referrals.total).toBe('<5');
    expect(shown.referrals.byDestination.seh).toBe('<5');
    expect(shown.minutes.toDecision).toEqual({ n: '<5', median: '<5', p90: '<5' });
    expect(shown.sehAvoidedShare).toBe('<5');
    expect(shown.bedDaysAvoided.days).toBe(0);
    expect(shown.so).toEqual({ consultations: 0, answerMinutes: { n: 0, median: null, p90: null }, escalationRate: null });
  });
});

describe('the building blocks', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('counts a full kind only when the plan tried it before placing (not a later fallback it never needed)', () => {
    const reoFull = [{ destination: 'reo_bed', reason: 'full' as const }, { destination: 'herstelkliniek', reason: 'full' as const }];
    expect(fitButNoBedKinds(reoFull, 'reo_bed', 'reo_bed')).toEqual([]);
    expect(fitButNoBedKinds(reoFull, 'herstelkliniek', 'reo_bed')).toEqual(['reo_bed']);
    expect(fitButNoBedKinds(reoFull, 'coordinator', 'reo_bed')).toEqual(['reo_bed', 'herstelkliniek']);
    expect(fitButNoBedKinds([{ destination: 'wijkkliniek', reason: 'closed' }], 'seh', 'wijkkliniek')).toEqual([]);
    expect(fitButNoBedKinds([{ destination: 'wijkkliniek', reason: 'lost_race' }], 'seh', 'wijkkliniek')).toEqual(['wijkkliniek']);
  });

  it('tries the bed kinds in the order of the placement plan’s destination chain, for every decision', () => {
    for (const acp of [false, true]) {
      const parsed = parseReferral(referral({ acp: { noHospitalAdmission: acp } }));
      if (!parsed.ok) throw new Error('bad referral');
      for (const destination of destinations) {
        const chain = destinationChain({ destination, ...(destination === 'herstelkliniek' ? { ward: 'somatiek' } : {}) }, parsed.value, currentTree)
          .map((l) => l.destination)
          .filter((d) => d === 'herstelkliniek' || d === 'wijkkliniek' || d === 'reo_bed');
        expect(triedKindsInOrder(destination).filter((k) => chain.includes(k)), `${destination} acp=${acp}`).toEqual(chain);
      }
    }
  });

  it('takes the average hospital stay from the configuration when the region sets it', () => {
    expect(hospitalStay(4.5)).toEqual({ days: 4.5, source: 'ingesteld door de regio (AVERAGE_HOSPITAL_STAY_DAYS)' });
  });
});
