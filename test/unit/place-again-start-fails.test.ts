import { describe, expect, it } from 'vitest';
import { replaceCase, type PlacementDeps } from '../../functions/domain/placements';
import type { Case, TimelineEntry } from '../../functions/domain/case';
import type { CaseChange } from '../../functions/domain/ports';

/**
 * Step Functions refuses the start (a fault injected on purpose): the re-placement must
 * leave the case with the coordinator, as it was, and the caller must hear of it.
 */
describe('a re-placement whose workflow cannot start', () => {
  it('puts the case back with the coordinator and fails the request', async () => {
    const c = {
      caseId: 'VT-AAAAAA', region: 'rotterdam', status: 'escalated', version: 3,
      decision: { destination: 'herstelkliniek' },
      timeline: [{ at: '2026-11-23T13:00:00Z', step: 'referred', by: { role: 'gp', id: 'huisarts' } }],
    } as unknown as Case;
    const changes: Array<{ step: string; change?: CaseChange }> = [];
    const deps = {
      cases: {
        get: async () => c,
        appendTimeline: async (_id: string, entry: TimelineEntry, change?: CaseChange) => void changes.push({ step: entry.step, ...(change ? { change } : {}) }),
      },
      audit: { record: async () => undefined },
      clock: { now: () => new Date('2026-11-23T14:00:00Z') },
      workflow: {
        start: async () => {
          throw Object.assign(new Error('rate exceeded'), { name: 'ThrottlingException' });
        },
      },
    } as unknown as PlacementDeps;

    await expect(replaceCase(deps, 'VT-AAAAAA', { role: 'coordinator', id: 'rotterdam' })).rejects.toThrow('rate exceeded');
    expect(changes).toEqual([
      { step: 'replacement_requested', change: { status: 'triaged', owner: { role: 'gp', id: 'huisarts' }, from: ['escalated', 'expired'] } },
      { step: 'workflow_failed', change: { status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' }, from: ['triaged'] } },
    ]);
  });
});
