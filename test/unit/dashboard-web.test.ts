import { describe, expect, it } from 'vitest';
import { districts } from '../../functions/domain/districts';
import { endPlaces } from '../../functions/domain/outcomes';
import { destinations } from '../../functions/domain/triage/tree-schema';
import { reviewReasons } from '../../functions/domain/review-list';
import { facilityKinds } from '../../functions/domain/facility';

/** The dashboard's plain-JS helpers name what the API answers: kept equal to the domain by this test. */
const modulePath = '../../web/lib/dashboard-format.js';
const web = (await import(/* @vite-ignore */ modulePath)) as {
  districts: string[];
  kinds: string[];
  placeNames: Record<string, string>;
  reviewReasonNames: Record<string, string>;
  isoWeek: (ymd: string) => string;
  addDays: (ymd: string, n: number) => string;
  count: (c: unknown) => string;
};

describe('the dashboard’s names', () => {
  it('lists the districts of functions/domain/districts.ts, in order', () => {
    expect(web.districts).toEqual([...districts]);
  });

  it('has a short name for every destination, end place and review reason, and the bed kinds in order', () => {
    for (const key of [...destinations, ...endPlaces, 'undecided']) expect(web.placeNames[key], key).toBeTruthy();
    for (const r of reviewReasons) expect(web.reviewReasonNames[r], r).toBeTruthy();
    expect(web.kinds).toEqual([...facilityKinds]);
  });

  it('computes ISO weeks and dates as the API does, and shows hidden cells as they are', () => {
    expect(web.isoWeek('2026-11-29')).toBe('2026-W48');
    expect(web.isoWeek('2027-01-01')).toBe('2026-W53');
    expect(web.addDays('2026-11-29', -27)).toBe('2026-11-02');
    expect([web.count(1234), web.count('<5'), web.count('x'), web.count(null)]).toEqual(['1.234', '<5', 'x', '—']);
  });
});
