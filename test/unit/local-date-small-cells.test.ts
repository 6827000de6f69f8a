import { describe, expect, it } from 'vitest';
import { addDays, isDate, isIsoWeek, isoWeekOf, isoWeekPeriod, localDate, localPeriod, startOfLocalDay } from '../../functions/domain/local-date';
import { cell, hideRow, share } from '../../functions/domain/small-cells';

describe('local dates in Europe/Amsterdam', () => {
  it('starts a day at local midnight, in winter and in summer time', () => {
    expect(startOfLocalDay('2026-11-02').toISOString()).toBe('2026-11-01T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // The days the clocks change: 23 and 25 hours long.
    expect(localPeriod('2026-03-29', '2026-03-29').end.getTime() - localPeriod('2026-03-29', '2026-03-29').start.getTime()).toBe(23 * 3_600_000);
    expect(localPeriod('2026-10-25', '2026-10-25').end.getTime() - localPeriod('2026-10-25', '2026-10-25').start.getTime()).toBe(25 * 3_600_000);
  });

  it('names the local date of an instant', () => {
    expect(localDate(new Date('2026-11-29T23:10:00Z'))).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-29T22:50:00Z'))).toBe('2026-11-29');
  });

  it('knows real dates and ISO weeks', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-1-1')).toBe(false);
    expect(isIsoWeek('2026-W53')).toBe(true); // 2026 starts on a Thursday
    expect(isIsoWeek('2027-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('gives an ISO week as Monday to Sunday', () => {
    expect(isoWeekPeriod('2026-W48')).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    expect(isoWeekPeriod('2026-W01')).toMatchObject({ from: '2025-12-29', to: '2026-01-04' });
    expect(isoWeekOf('2026-11-29')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
  });
});

describe('the small-cell rule', () => {
  it('shows 1 to 4 as "<5"; 0 stays 0', () => {
    expect([0, 1, 4, 5].map(cell)).toEqual([0, '<5', '<5', 5]);
  });

  it('hides the next smallest non-zero count of a row when exactly one is small', () => {
    expect(hideRow({ a: 3, b: 20, c: 0, d: 50 })).toEqual({ a: '<5', b: 'x', c: 0, d: 50 });
    expect(hideRow({ a: 3, b: 2, c: 50 })).toEqual({ a: '<5', b: '<5', c: 50 });
    expect(hideRow({ a: 3, b: 0 })).toEqual({ a: '<5', b: 0 });
    expect(hideRow({ a: 7, b: 7, c: 1 })).toEqual({ a: 'x', b: 7, c: '<5' });
  });

  it('hides a share that pins down 1 to 4 cases on either side', () => {
    expect(share(3, 30)).toBe('<5');
    expect(share(28, 30)).toBe('<5');
    expect(share(0, 30)).toBe(0);
    expect(share(30, 30)).toBe(1);
    expect(share(6, 30)).toBe(0.2);
    expect(share(0, 0)).toBeNull();
  });
});
