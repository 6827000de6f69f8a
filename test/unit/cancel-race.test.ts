import { describe, expect, it } from 'vitest';
import { cancelCase, type CancelCaseDeps } from '../../functions/use-cases/cancel-case';
import { CaseClosedError } from '../../functions/domain/errors';
import type { Case } from '../../functions/domain/case';
import type { Facility } from '../../functions/domain/facility';
import type { SmsMessage } from '../../functions/domain/ports';
import { newCase } from '../support/cases';

/**
 * A cancel that reads "triaged" while the workflow holds a bed before the cancel's write.
 * The store injects exactly that interleaving (a fault on purpose); DynamoDB's conditions
 * are what raise CaseClosedError in the real store.
 */
describe('a cancel racing the placement', () => {
  it('reads again and cancels the hold that appeared, so no bed stays held, and tells its desk', async () => {
    const base = newCase({ caseId: 'VT-AAAAAA', referredBy: 'huisarts-x' });
    const reads: Case[] = [
      { ...base, status: 'triaged' }, // loadCase: the first attempt works on this
      { ...base, status: 'bed_held', hold: { facilityId: 'hk', ward: 'somatiek', expiresAt: '2999-01-01T00:00:00Z' }, admissionTaskToken: 'tok' }, // retry
      { ...base, status: 'cancelled' }, // result
    ];
    const ended: string[] = [];
    const failed: string[] = [];
    const texts: SmsMessage[] = [];
    const deps: CancelCaseDeps = {
      cases: {
        get: async () => reads.shift(),
        appendTimeline: async () => {
          throw new CaseClosedError('hold appeared');
        },
      },
      capacity: {
        endHold: async (i) => void ended.push(i.outcome),
        get: async (id) => ({ facilityId: id, kind: 'herstelkliniek', transferNursePhone: '+31102000001' }) as Facility,
      },
      notifier: { send: async (m) => (texts.push(m), { ...m, messageId: 'm1', sentAt: '2026-11-23T14:00:00Z' }) },
      publicBaseUrl: 'https://verkeerstoren.test',
      callback: '+31100000000',
      audit: { record: async () => undefined },
      clock: { now: () => new Date('2026-11-23T14:00:00Z') },
      workflows: { sendTaskFailure: async (token) => (failed.push(token), true) },
    };

    const principal = { username: 'huisarts-x', role: 'gp', name: 'Dr. X', region: 'rotterdam' } as const;
    const result = await cancelCase(deps, 'VT-AAAAAA', { actor: { role: 'gp', id: 'huisarts-x' }, via: 'POST /cases/{caseId}/cancel', principal });
    expect(ended).toEqual(['cancelled']);
    expect(failed).toEqual(['tok']);
    // The desk that was asked to confirm (AwaitAdmission kept the token) hears that nobody comes.
    expect(texts).toEqual([expect.objectContaining({ to: '+31102000001', recipient: 'transfer_nurse:hk', caseId: 'VT-AAAAAA' })]);
    expect(texts[0]?.body).toMatch(/bedreservering herstelkliniek vervallen \(casus geannuleerd\)\. U hoeft niemand te verwachten/);
    expect(result.status).toBe('cancelled');
    expect(reads).toEqual([]); // three reads: load, re-read after the lost race, result
  });
});
