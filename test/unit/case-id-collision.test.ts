import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case';
import { CaseIdTakenError } from '../../functions/domain/errors';
import { parseReferral } from '../../functions/domain/referral-schema';
import { currentTree } from '../../functions/domain/triage/trees';
import { createReferral, type CreateReferralDeps } from '../../functions/use-cases/create-referral';
import { referral } from '../support/referral';

/**
 * Submits a referral against a map-backed store whose `create` is given, drawing ids from
 * `drawn` (the collision is a fault injected on purpose: the generator first draws a taken id).
 */
async function submitWith(drawn: string[], stored: Map<string, Case>, create: (c: Case) => Promise<void>) {
  const started: string[] = [];
  const parsed = parseReferral(referral());
  if (!parsed.ok) throw new Error('bad baseline referral');
  const deps: CreateReferralDeps = {
    cases: {
      create,
      get: async (id) => stored.get(id),
      appendTimeline: async () => undefined,
      linkedCases: async () => [],
    },
    patientKeys: { keyOf: async (bsn) => (bsn ? `key-${bsn.length}` : undefined) },
    audit: { record: async () => undefined },
    workflows: { startReferral: async (caseId) => (started.push(caseId), { executionArn: `arn:${caseId}` }), referralExecutionArn: (name) => `arn:${name}` },
    clock: { now: () => new Date('2026-11-23T14:00:00Z') },
    ids: { caseId: () => drawn.shift() ?? 'VT-CCCCCC' },
    region: 'rotterdam',
    tree: currentTree,
    roster: { coordinator: async () => ({ recipient: 'coordinator:rotterdam', phone: '+31610000000' }) },
    notifier: { send: async (m) => ({ ...m, messageId: 'm', sentAt: '2026-11-23T14:00:00Z' }) },
  };
  const principal = { username: 'huisarts-test', role: 'gp', name: 'Dr. Test', region: 'rotterdam' } as const;
  const created = await createReferral(deps, parsed.value, { actor: { role: 'gp', id: principal.username }, via: 'POST /referrals', principal });
  return { created, started };
}

describe('a new case id that is already taken (32^6 ids, so it happens in a busy region)', () => {
  it('is drawn again; the referral is stored once, under the fresh id, and the workflow starts for it', async () => {
    const taken = { caseId: 'VT-AAAAAA' } as Case; // only its id matters here
    const stored = new Map<string, Case>([['VT-AAAAAA', taken]]);
    // Like the real store's condition: create fails when the id exists.
    const { created, started } = await submitWith(['VT-AAAAAA', 'VT-BBBBBB'], stored, async (c) => {
      if (stored.has(c.caseId)) throw new CaseIdTakenError(`case ${c.caseId} exists`);
      stored.set(c.caseId, c);
    });
    expect(created.caseId).toBe('VT-BBBBBB');
    expect(started).toEqual(['VT-BBBBBB']);
    expect(stored.get('VT-AAAAAA')).toEqual({ caseId: 'VT-AAAAAA' }); // the other case untouched
    expect(stored.get('VT-BBBBBB')?.status).toBe('referred');
    // The case waits on the execution named after its fresh id, not the taken one.
    expect(stored.get('VT-BBBBBB')?.executionArn).toBe('arn:VT-BBBBBB');
  });
});

describe('a write the SDK retried after it had landed', () => {
  it('is the same case, not a reason to draw a new id and store the referral twice', async () => {
    const stored = new Map<string, Case>();
    // The put lands, its answer is lost, and the SDK's retry finds the id taken.
    const { created, started } = await submitWith(['VT-DDDDDD', 'VT-EEEEEE'], stored, async (c) => {
      stored.set(c.caseId, structuredClone(c));
      throw new CaseIdTakenError(`case ${c.caseId} exists`);
    });
    expect(created.caseId).toBe('VT-DDDDDD');
    expect([...stored.keys()]).toEqual(['VT-DDDDDD']);
    expect(started).toEqual(['VT-DDDDDD']);
  });
});
