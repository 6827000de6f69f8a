import { describe, expect, it } from 'vitest';
import { isoWeekPeriod } from '../../functions/domain/local-date';
import { reviewList, reviewReasonsOf } from '../../functions/domain/review-list';
import { asReviewCase, seededHistory } from '../support/history';

/** The weekly review over the seeded history (test/support/history.ts): week 48 holds groups G3, G5, G7, G8 and part of G1, G6. */
const history = seededHistory();
const week = (w: string) => {
  const { start, end } = isoWeekPeriod(w);
  return history.filter((c) => Date.parse(c.createdAt) >= start.getTime() && Date.parse(c.createdAt) < end.getTime()).map(asReviewCase);
};

describe('the review list of week 48', () => {
  const list = reviewList(week('2026-W48'));

  it('lists the fallbacks, the cases the coordinator took over and those placed again, oldest first', () => {
    const byReason = (r: string) => list.filter((c) => c.reasons.join() === r).length;
    expect(list).toHaveLength(12 + 6 + 7);
    expect(byReason('fallback')).toBe(12 + 6); // wijkkliniek → SEH, herstelkliniek → no place
    expect(byReason('correction')).toBe(5); // holds that ran out, with the coordinator now
    expect(byReason('placed_again')).toBe(2);
    expect(list.map((c) => c.createdAt)).toEqual([...list.map((c) => c.createdAt)].sort());
  });

  it('gives each case its decision, where it ended and its timeline', () => {
    const seh = list.find((c) => c.ended === 'seh');
    expect(seh).toMatchObject({ decided: { destination: 'wijkkliniek', ruleId: 'R-wijkkliniek', treeVersion: 'rotterdam-v2' }, ended: 'seh', reasons: ['fallback'], urgency: 'U3' });
    expect(seh?.timeline.map((e) => e.step)).toEqual(['referred', 'triaged', 'placed', 'notified']);
    expect(seh?.placement?.tried).toHaveLength(3);
    const again = list.find((c) => c.reasons.includes('placed_again'));
    expect(again).toMatchObject({ ended: 'wijkkliniek', placement: { facilityId: 'wk-kralingen' } });
  });

  it('leaves out what ended as decided: home, the SEH as decided, the herstelkliniek the SO agreed to', () => {
    expect(list.some((c) => c.decided.destination === 'home' || c.decided.destination === 'seh' || c.ended === 'herstelkliniek')).toBe(false);
  });
});

describe('why a case is on the list', () => {
  const base = asReviewCase(history.find((c) => c.decision?.destination === 'herstelkliniek' && c.status === 'admission_confirmed') ?? history[0]!);

  it('the SO declined the herstelkliniek: a correction', () => {
    const declined = { ...base, status: 'escalated' as const, timeline: [...base.timeline, { at: base.createdAt, step: 'so_declined', by: { role: 'system', id: 'verkeerstoren' } }] };
    expect(reviewReasonsOf(declined)).toEqual(['correction']);
  });

  it('a case without a decision, or as decided, is not on it', () => {
    expect(reviewReasonsOf({ ...base, decision: undefined })).toEqual([]);
    expect(reviewReasonsOf(base)).toEqual([]);
  });

  it('a week with nothing to review gives an empty list', () => {
    expect(reviewList(week('2026-W50'))).toEqual([]);
  });
});

describe('corrections of the decision in the review list', () => {
  const base = week('2026-W48');
  const amended = (c: (typeof base)[number], overrideSafety: boolean) => ({
    ...c,
    originalDecision: c.decision,
    decision: c.decision && { ...c.decision, destination: 'seh' as const, ruleId: 'coordinator_correction' },
    amendments: [
      {
        at: c.createdAt,
        by: { username: 'coordinator-rotterdam', role: 'coordinator' },
        reason: 'Familie wil beoordeling in het ziekenhuis',
        from: { destination: c.decision?.destination ?? 'home' },
        to: { destination: 'seh' as const },
        ...(overrideSafety ? { overrideSafety: true, breaches: ['acp_no_hospital_not_seh'] } : {}),
      },
    ],
  });
  // A late case gets the override (and is first all the same); the first decided one a plain correction.
  const plain = base.findIndex((c) => c.decision && c.decision.destination !== 'seh' && c.decision.destination !== 'call_112');
  const decided = base.map((c, i) => [c, i] as const).filter(([c]) => c.decision && !['seh', 'call_112'].includes(c.decision.destination));
  const overridden = decided.at(-1)?.[1] ?? -1;
  const cases = base.map((c, i) => (i === plain ? amended(c, false) : i === overridden ? amended(c, true) : c));

  it('lists a corrected case as amended with the tree’s decision, and the one that overrode a safety rule first', () => {
    const list = reviewList(cases);
    expect(list[0]).toMatchObject({ caseId: base[overridden]?.caseId, overrideSafety: true, reasons: expect.arrayContaining(['amended']) });
    const corrected = list.find((c) => c.caseId === base[plain]?.caseId);
    expect(corrected).toMatchObject({ decided: { destination: base[plain]?.decision?.destination }, reasons: expect.arrayContaining(['amended']), amendments: [expect.objectContaining({ to: { destination: 'seh' } })] });
    expect(corrected?.overrideSafety).toBeUndefined();
    expect(list.slice(1).map((c) => c.createdAt)).toEqual([...list.slice(1).map((c) => c.createdAt)].sort());
    expect(list.filter((c) => c.overrideSafety)).toHaveLength(1);
  });
});
