import { describe, expect, it } from 'vitest';
import { placeAgain, type PlaceAgainDeps } from '../../functions/use-cases/place-again';
import type { TimelineEntry } from '../../functions/domain/case';
import type { CaseChange } from '../../functions/domain/ports';
import { newCase } from '../support/cases';
import { referral } from '../support/referral';

/**
 * Step Functions refuses the start (a fault injected on purpose): placing again must
 * leave the case with the coordinator, as it was, and the caller must hear of it.
 */
describe('a placement again whose workflow cannot start', () => {
  it('puts the case back with the coordinator and fails the request', async () => {
    const c = newCase(
      {
        caseId: 'VT-AAAAAA', status: 'escalated', version: 3,
        timeline: [{ at: '2026-11-23T13:00:00Z', step: 'referred', by: { role: 'gp', id: 'huisarts' } }],
      },
      referral({ presentation: { safeAtHomeWithSupport: false } }),
    );
    expect(c.decision?.destination).toBe('herstelkliniek');
    const changes: Array<{ step: string; change?: CaseChange }> = [];
    const deps: PlaceAgainDeps = {
      cases: {
        get: async () => c,
        appendTimeline: async (_id: string, entry: TimelineEntry, change?: CaseChange) => void changes.push({ step: entry.step, ...(change ? { change } : {}) }),
      },
      audit: { record: async () => undefined },
      clock: { now: () => new Date('2026-11-23T14:00:00Z') },
      workflows: {
        startReferral: async () => {
          throw Object.assign(new Error('rate exceeded'), { name: 'ThrottlingException' });
        },
        referralExecutionArn: (name) => `arn:${name}`,
      },
    };

    const principal = { username: 'coordinator-rotterdam', role: 'coordinator', name: 'Coördinator', region: 'rotterdam' } as const;
    await expect(placeAgain(deps, 'VT-AAAAAA', { actor: { role: 'coordinator', id: principal.username }, via: 'POST /cases/{caseId}/placement', principal })).rejects.toThrow('rate exceeded');
    expect(changes).toEqual([
      { step: 'replacement_requested', change: { status: 'triaged', owner: { role: 'gp', id: 'huisarts' }, from: ['escalated', 'expired'], set: { workflowStartedBy: 'coordinator-rotterdam', executionArn: `arn:VT-AAAAAA-plaats-${Date.parse('2026-11-23T14:00:00Z')}` } } },
      { step: 'workflow_failed', change: { status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' }, from: ['triaged'] } },
    ]);
  });
});
