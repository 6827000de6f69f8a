import { describe, expect, it } from 'vitest';
import { cancelCase, type PlacementDeps } from '../../functions/domain/placements';
import { CaseClosedError } from '../../functions/domain/errors';
import type { Case } from '../../functions/domain/case';

/**
 * A cancel that reads "triaged" while the workflow holds a bed before the cancel's write.
 * The store injects exactly that interleaving (a fault on purpose); DynamoDB's conditions
 * are what raise CaseClosedError in the real store.
 */
describe('a cancel racing the placement', () => {
  it('reads again and cancels the hold that appeared, so no bed stays held', async () => {
    const base = { caseId: 'VT-AAAAAA', region: 'rotterdam', timeline: [], version: 1 } as unknown as Case;
    const reads: Case[] = [
      { ...base, status: 'triaged' }, // loadCase: the first attempt works on this
      { ...base, status: 'bed_held', hold: { facilityId: 'hk', ward: 'somatiek', expiresAt: '2999-01-01T00:00:00Z' }, admissionTaskToken: 'tok' }, // retry
      { ...base, status: 'cancelled' }, // result
    ];
    const ended: string[] = [];
    const failed: string[] = [];
    const deps = {
      cases: {
        get: async () => reads.shift(),
        appendTimeline: async () => {
          throw new CaseClosedError('hold appeared');
        },
      },
      capacity: { endHold: async (i: { outcome: string }) => void ended.push(i.outcome) },
      audit: { record: async () => undefined },
      clock: { now: () => new Date('2026-11-23T14:00:00Z') },
      workflow: { sendTaskFailure: async (token: string) => (failed.push(token), true) },
    } as unknown as PlacementDeps;

    const result = await cancelCase(deps, 'VT-AAAAAA', { role: 'gp', id: 'x' });
    expect(ended).toEqual(['cancelled']);
    expect(failed).toEqual(['tok']);
    expect(result.status).toBe('cancelled');
    expect(reads).toEqual([]); // three reads: load, re-read after the lost race, result
  });
});
