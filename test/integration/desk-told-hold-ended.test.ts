import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';

/**
 * A transfer nurse desk texted "bed vastgehouden, bevestig opname" must hear when that hold
 * ends without an admission, or it keeps a free bed empty and waits for a patient who does
 * not come: on the local stack, after a cancel and after a decision correction (the expiry
 * is in hold-expiry.test.ts). A desk never asked (the SO gate held the bed) hears nothing.
 */
let stack: LocalStack;
const deskPhone = '+31610008888';
const pneumonia = referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
const herstelkliniek = referral({ presentation: { safeAtHomeWithSupport: false } });

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([
    testFacility({ facilityId: 'wk-desk', kind: 'wijkkliniek', district: 'Delfshaven', transferNursePhone: deskPhone, wards: [{ ward: 'algemeen', total: 4, free: 3, held: 0 }] }),
    testFacility({ facilityId: 'hk-desk', kind: 'herstelkliniek', district: 'Delfshaven', transferNursePhone: deskPhone, wards: [{ ward: 'somatiek', total: 4, free: 3, held: 0 }] }),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

interface Sms {
  caseId: string;
  to: string;
  recipient: string;
  body: string;
}
const messagesFor = async (caseId: string) => ((await getJson(`${stack.url}/local/outbox`)).body as Sms[]).filter((m) => m.caseId === caseId);
const deskTexts = async (caseId: string) => (await messagesFor(caseId)).filter((m) => m.recipient.startsWith('transfer_nurse:'));
const freeBeds = async (facilityId: string) =>
  ((await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ free: number; held: number }> }>).find((f) => f.facilityId === facilityId)?.wards[0];

/** Refers a wijkkliniek case and waits until its desk has the "bevestig opname" text (AwaitAdmission ran). */
async function heldAndDeskAsked(): Promise<string> {
  const caseId = (await postJson(`${stack.url}/referrals`, pneumonia)).body.caseId as string;
  const held = await caseWithStatus(stack, caseId, ['bed_held']);
  expect(held.hold.facilityId).toBe('wk-desk');
  await eventually(() => deskTexts(caseId), (ms) => ms.length === 1);
  return caseId;
}

describe('the desk asked to confirm a held bed', () => {
  it('is texted that nobody comes when the case is cancelled', async () => {
    const caseId = await heldAndDeskAsked();
    expect(await freeBeds('wk-desk')).toMatchObject({ free: 2, held: 1 });
    expect((await postJson(`${stack.url}/cases/${caseId}/cancel`)).status).toBe(200);
    const [asked, released] = await eventually(() => deskTexts(caseId), (ms) => ms.length === 2);
    expect(asked?.body).toMatch(/bed vastgehouden/);
    expect(released).toMatchObject({ to: deskPhone, recipient: 'transfer_nurse:wk-desk' });
    expect(released?.body).toMatch(/^Verkeerstoren Rotterdam: casus VT-\w+, U\d, bedreservering wijkkliniek vervallen \(casus geannuleerd\)\. U hoeft niemand te verwachten; het bed is weer vrij\. Bel \+31/);
    // No patient fact, and no link to a case the desk no longer has.
    expect(released?.body).not.toMatch(/http|longontsteking|pneumonie|\d{4} ?[A-Z]{2}/i);
    expect(await freeBeds('wk-desk')).toMatchObject({ free: 3, held: 0 });
  });

  it('is texted that nobody comes when the coordinator corrects the decision to home', async () => {
    const caseId = await heldAndDeskAsked();
    const res = await postJson(`${stack.url}/cases/${caseId}/decision`, { destination: 'home', reason: 'Met het acute wijkteam thuis verantwoord' });
    expect(res.status).toBe(202);
    const texts = await eventually(() => deskTexts(caseId), (ms) => ms.length === 2);
    expect(texts[1]?.body).toMatch(/bedreservering wijkkliniek vervallen \(besluit gewijzigd door de coördinator\)\. U hoeft niemand te verwachten/);
    // The reason stays on the case.
    expect(texts[1]?.body).not.toMatch(/wijkteam thuis verantwoord/);
  });

  it('hears nothing of a cancel its own transfer nurse made', async () => {
    const caseId = await heldAndDeskAsked();
    const nurse = { username: 'tvp-wk-desk', role: 'transfer_nurse', name: 'Transferverpleegkundige', region: 'rotterdam', facilityId: 'wk-desk' } as const;
    expect((await postJson(`${stack.url}/cases/${caseId}/cancel`, undefined, { as: nurse })).status).toBe(200);
    await caseWithStatus(stack, caseId, ['cancelled']);
    expect((await deskTexts(caseId)).map((m) => m.body)).toEqual([expect.stringMatching(/bed vastgehouden/)]);
  });

  it('hears nothing when the bed was held only while the SO was asked (it was never asked to confirm)', async () => {
    const caseId = (await postJson(`${stack.url}/referrals`, herstelkliniek)).body.caseId as string;
    const held = await caseWithStatus(stack, caseId, ['bed_held']);
    expect(held.hold).toMatchObject({ facilityId: 'hk-desk', awaitingSo: true });
    await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient.startsWith('so:')));
    expect((await postJson(`${stack.url}/cases/${caseId}/cancel`)).status).toBe(200);
    await caseWithStatus(stack, caseId, ['cancelled']);
    // The cancel answered after its texts: anything it sent is in the outbox now.
    expect(await deskTexts(caseId)).toEqual([]);
    expect(await freeBeds('hk-desk')).toMatchObject({ free: 3, held: 0 });
  });
});
