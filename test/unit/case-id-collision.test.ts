import { describe, expect, it, vi } from 'vitest';
import type * as caseModule from '../../functions/domain/case';
import type { Case } from '../../functions/domain/case';
import { ConflictError } from '../../functions/domain/errors';
import { submitReferral, type SubmitDeps } from '../../functions/domain/referrals';
import { currentTree } from '../../functions/domain/triage/trees';
import { referral } from '../support/referral';

// The collision is a fault injected on purpose: the id generator first draws a taken id.
const drawn = vi.hoisted(() => [] as string[]);
vi.mock('../../functions/domain/case', async (original) => ({
  ...(await original<typeof caseModule>()),
  newCaseId: () => drawn.shift() ?? 'VT-CCCCCC',
}));

/** Submits a referral against a map-backed store whose `create` is given; returns what happened. */
async function submitWith(stored: Map<string, Case>, create: (c: Case) => Promise<void>) {
  const started: string[] = [];
  const deps = {
    cases: { create, get: async (id: string) => stored.get(id) },
    audit: { record: async () => undefined },
    workflow: { start: async (caseId: string) => (started.push(caseId), { executionArn: `arn:${caseId}` }) },
    clock: { now: () => new Date('2026-11-23T14:00:00Z') },
    region: 'rotterdam',
    tree: currentTree,
  } as unknown as SubmitDeps;
  const created = await submitReferral(deps, referral(), { role: 'gp', id: 'test' });
  return { created, started };
}

describe('a new case id that is already taken (32^6 ids, so it happens in a busy region)', () => {
  it('is drawn again; the referral is stored once, under the fresh id, and the workflow starts for it', async () => {
    drawn.splice(0, drawn.length, 'VT-AAAAAA', 'VT-BBBBBB');
    const stored = new Map<string, Case>([['VT-AAAAAA', { caseId: 'VT-AAAAAA' } as Case]]);
    // Like the real store's condition: create fails when the id exists.
    const { created, started } = await submitWith(stored, async (c) => {
      if (stored.has(c.caseId)) throw new ConflictError(`case ${c.caseId} exists`);
      stored.set(c.caseId, c);
    });
    expect(created.caseId).toBe('VT-BBBBBB');
    expect(started).toEqual(['VT-BBBBBB']);
    expect(stored.get('VT-AAAAAA')).toEqual({ caseId: 'VT-AAAAAA' }); // the other case untouched
    expect(stored.get('VT-BBBBBB')?.status).toBe('referred');
  });
});

describe('a write the SDK retried after it had landed', () => {
  it('is the same case, not a reason to draw a new id and store the referral twice', async () => {
    drawn.splice(0, drawn.length, 'VT-DDDDDD', 'VT-EEEEEE');
    const stored = new Map<string, Case>();
    // The put lands, its answer is lost, and the SDK's retry finds the id taken.
    const { created, started } = await submitWith(stored, async (c) => {
      stored.set(c.caseId, structuredClone(c));
      throw new ConflictError(`case ${c.caseId} exists`);
    });
    expect(created.caseId).toBe('VT-DDDDDD');
    expect([...stored.keys()]).toEqual(['VT-DDDDDD']);
    expect(started).toEqual(['VT-DDDDDD']);
  });
});
