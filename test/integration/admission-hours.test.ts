import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useClock } from '../../functions/adapters/deps';
import { systemClock } from '../../functions/domain/ports';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';

/** Admission windows on the real workflow, with the clock set to the night in question. */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([
    testFacility({ facilityId: 'wk-dag', kind: 'wijkkliniek', district: 'Delfshaven', admission: { type: 'window', from: '07:00', to: '23:00' }, wards: [{ ward: 'algemeen', total: 20, free: 20, held: 0 }] }),
    testFacility({ facilityId: 'wk-nacht', kind: 'wijkkliniek', district: 'Charlois', wards: [{ ward: 'algemeen', total: 20, free: 20, held: 0 }] }),
  ]);
});
afterEach(() => useClock(systemClock));
afterAll(async () => {
  await stack?.stop();
});

const at = (iso: string) => {
  const offset = Date.parse(iso) - Date.now();
  useClock({ now: () => new Date(Date.now() + offset) });
};
const pneumoniaInDelfshaven = referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });

async function placementAt(iso: string) {
  at(iso);
  const res = await postJson(`${stack.url}/referrals`, pneumoniaInDelfshaven);
  const found = await caseWithStatus(stack, res.body.caseId, ['bed_held']);
  await postJson(`${stack.url}/cases/${res.body.caseId}/cancel`);
  return found.placement as { facilityId: string; tried: Array<{ facilityId: string; reason: string }> };
}

describe('a 02:00 referral to a district whose wijkkliniek admits 07:00–23:00', () => {
  it('goes to the 24/7 wijkkliniek, recording the own one as closed', async () => {
    const p = await placementAt('2026-11-24T01:00:00Z');
    expect(p.facilityId).toBe('wk-nacht');
    expect(p.tried).toEqual([{ facilityId: 'wk-dag', destination: 'wijkkliniek', ward: 'algemeen', reason: 'closed' }]);
  });

  it('at 14:00 the own district clinic takes it', async () => {
    expect((await placementAt('2026-11-24T13:00:00Z')).facilityId).toBe('wk-dag');
  });
});

describe('the night the clocks go back (25 October 2026)', () => {
  it('06:30 CET is still closed, though it would be 07:30 by summer time', async () => {
    expect((await placementAt('2026-10-25T05:30:00Z')).facilityId).toBe('wk-nacht');
  });

  it('07:00 CET is open', async () => {
    expect((await placementAt('2026-10-25T06:00:00Z')).facilityId).toBe('wk-dag');
  });
});
