import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';

/**
 * Holds last by urgency (U2 1 h, U3 2 h, U4/U5 4 h; CDK context holdTimeouts). Time is
 * compressed the honest way, at synthesis: here U2 holds for 3 s and the others for 10
 * minutes, so a U2 bed comes free after its "hour" while a U3 bed held beside it stays.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false, holdTimeouts: { U2: 3, U3: 600, U4: 600 } });
  await seedRegion([testFacility({ facilityId: 'wk-urgentie', kind: 'wijkkliniek', district: 'Delfshaven', wards: [{ ward: 'algemeen', total: 2, free: 2, held: 0 }] })]);
});
afterAll(async () => {
  await stack?.stop();
});

const pneumonia = (urgency: 'U2' | 'U3') => referral({ presentation: { urgency, medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
const ward = async () => ((await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ free: number; held: number }> }>).find((f) => f.facilityId === 'wk-urgentie')?.wards[0];

describe('a held bed waits by urgency', () => {
  it('a U2 hold expires after its (shortened) hour; a U3 hold beside it stays', async () => {
    const u2 = (await postJson(`${stack.url}/referrals`, pneumonia('U2'))).body.caseId as string;
    const u3 = (await postJson(`${stack.url}/referrals`, pneumonia('U3'))).body.caseId as string;
    const [heldU2, heldU3] = [await caseWithStatus(stack, u2, ['bed_held']), await caseWithStatus(stack, u3, ['bed_held'])];
    const minutes = (c: { hold: { expiresAt: string }; timeline: Array<{ step: string; at: string }> }) =>
      (Date.parse(c.hold.expiresAt) - Date.parse(c.timeline.find((t) => t.step === 'bed_held')?.at ?? '')) / 1000;
    expect(Math.round(minutes(heldU2))).toBe(3);
    expect(Math.round(minutes(heldU3))).toBe(600);
    expect(await ward()).toMatchObject({ free: 0, held: 2 });

    const expired = await caseWithStatus(stack, u2, ['expired']);
    expect(expired.owner.role).toBe('coordinator');
    expect(expired.timeline.map((t: { step: string }) => t.step)).toContain('expired');
    expect((await getJson(`${stack.url}/cases/${u3}`)).body.status).toBe('bed_held');
    expect(await ward()).toMatchObject({ free: 1, held: 1 });
  }, 30_000);
});
