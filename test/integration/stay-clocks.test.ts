import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, getJson, postJson, soAgrees, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { sampleRosters } from '../../local/seed';

/**
 * Stay clocks (issue 11) on the local stack: a "day" is 2 seconds here (stayDaySeconds), the
 * sweep runs every second. A 9-day REO stay takes 18 s: the day-7 text after 14 s asks for
 * the consultation with the GP; a 3-day herstelkliniek ward reminds after 2 s, ends after 6 s.
 */
const daySeconds = 2;
let stack: LocalStack;

const desk = { reo: '+31610008801', hk: '+31610008802', wk: '+31610008803' };
const referrerPhone = '+31610007001'; // huisarts-jansen's profile (local/users.ts)
const soPhones = new Set(sampleRosters().filter((s) => s.rosterKey.startsWith('so#')).flatMap((s) => s.contacts.map((c) => c.phone)));

beforeAll(async () => {
  stack = await startTestStack({ seed: false, stayDaySeconds: daySeconds, jobs: { SweepStayClocks: { everySeconds: 1 } } });
  await seedRegion([
    testFacility({ facilityId: 'reo-delfshaven', kind: 'reo_bed', district: 'Delfshaven', maxStayDays: 9, transferNursePhone: desk.reo, wards: [{ ward: 'algemeen', total: 4, free: 4, held: 0 }] }),
    testFacility({
      facilityId: 'hk-delfshaven',
      kind: 'herstelkliniek',
      district: 'Delfshaven',
      maxStayDays: 14,
      transferNursePhone: desk.hk,
      // Per ward: somatiek 3 days here, palliatief none (the facility's 14 applies to neither).
      wards: [{ ward: 'somatiek', total: 4, free: 4, held: 0, maxStayDays: 3 }, { ward: 'palliatief', total: 2, free: 2, held: 0, maxStayDays: null }],
    }),
    testFacility({ facilityId: 'wk-delfshaven', kind: 'wijkkliniek', district: 'Delfshaven', maxStayDays: 3, transferNursePhone: desk.wk, wards: [{ ward: 'algemeen', total: 4, free: 4, held: 0 }] }),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

type Sms = { to: string; body: string; caseId: string; recipient: string };
const outbox = async (caseId: string) => ((await getJson(`${stack.url}/local/outbox`)).body as Sms[]).filter((m) => m.caseId === caseId);
const steps = (c: { timeline: Array<{ step: string }> }) => c.timeline.map((t) => t.step);
const caseNow = async (caseId: string) => (await getJson(`${stack.url}/cases/${caseId}`)).body;
const overviewGroup = async (caseId: string) =>
  ((await getJson(`${stack.url}/cases?sinceDays=1`)).body.cases as Array<{ caseId: string; group: string; stayEndsAt?: string }>).find((c) => c.caseId === caseId);

async function admitted(body: ReturnType<typeof referral>, soGate = false) {
  const res = await postJson(`${stack.url}/referrals`, body);
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  await caseWithStatus(stack, caseId, ['bed_held']);
  if (soGate) await soAgrees(stack, caseId);
  const admission = await postJson(`${stack.url}/cases/${caseId}/admission`);
  expect(admission.status, JSON.stringify(admission.body)).toBe(200);
  const entry = (admission.body.timeline as Array<{ step: string; at: string; detail?: string }>).find((t) => t.step === 'admission_confirmed');
  return { caseId, admittedAt: Date.parse(entry?.at ?? ''), entry, body: admission.body };
}

describe('stay clocks', () => {
  it('an REO stay of 9 days: day 7 texts the desk and the GP for the consultation, the end puts the case first for the coordinator', async () => {
    const reo = await admitted(referral({ presentation: { functionalDecline: true, causeUnclear: true, safeAtHomeWithSupport: false } }));
    expect(reo.body.placement).toMatchObject({ destination: 'reo_bed', facilityId: 'reo-delfshaven' });
    const endsIn = Date.parse(reo.body.stayEndsAt) - reo.admittedAt;
    expect(endsIn).toBe(9 * daySeconds * 1000);
    expect(reo.body.maxStayDays).toBe(9);
    expect(reo.entry?.detail).toMatch(/maximale verblijfsduur 9 dagen/);

    // Before day 7: nobody texted, and the admitted case is not the coordinator's.
    expect(steps(await caseNow(reo.caseId))).not.toContain('stay_reminder');
    expect((await overviewGroup(reo.caseId))?.group).toBe('closed');

    const reminded = await eventually(() => caseNow(reo.caseId), (c) => steps(c).includes('stay_reminder'), 20_000);
    const reminder = reminded.timeline.find((t: { step: string }) => t.step === 'stay_reminder');
    // Not before day 7 of the stay.
    expect(Date.parse(reminder.at) - reo.admittedAt).toBeGreaterThanOrEqual(7 * daySeconds * 1000 - 1000);
    expect(reminder.detail).toMatch(/REO dag 7 van max 9: overleg met de huisarts/);
    const texts = await eventually(() => outbox(reo.caseId), (ms) => ms.some((m) => /dag 7/.test(m.body)) && ms.filter((m) => /dag 7/.test(m.body)).length >= 2);
    const day7 = texts.filter((m) => /dag 7 van max 9/.test(m.body));
    expect(day7.map((m) => m.to).sort()).toEqual([desk.reo, referrerPhone].sort());
    expect(day7.find((m) => m.to === desk.reo)?.body).toMatch(/overleg met de huisarts/);
    expect(day7.find((m) => m.to === referrerPhone)?.body).toMatch(new RegExp(`overleg over het plan; bel \\${desk.reo}`));
    expect((await overviewGroup(reo.caseId))?.group).toBe('closed');

    // The end of the stay: on the timeline, and the overview lists the case in the coordinator's group.
    const ended = await eventually(() => caseNow(reo.caseId), (c) => steps(c).includes('stay_ended'), 15_000);
    expect(Date.parse(ended.timeline.find((t: { step: string }) => t.step === 'stay_ended').at)).toBeGreaterThanOrEqual(Date.parse(reo.body.stayEndsAt));
    expect(ended.status).toBe('admission_confirmed');
    expect(await overviewGroup(reo.caseId)).toMatchObject({ group: 'coordinator', stayEndsAt: reo.body.stayEndsAt });
    // Texted once only, whatever number of sweeps ran.
    expect((await outbox(reo.caseId)).filter((m) => /dag 7/.test(m.body))).toHaveLength(2);
  }, 60_000);

  it('a herstelkliniek ward of 3 days texts its desk and the SO on duty 2 days before the end; the palliative ward has no clock', async () => {
    const hk = await admitted(referral({ presentation: { safeAtHomeWithSupport: false } }), true);
    expect(hk.body.placement).toMatchObject({ destination: 'herstelkliniek', ward: 'somatiek' });
    expect(hk.body.maxStayDays).toBe(3);
    const palliative = await admitted(referral({ presentation: { palliativePhase: true, safeAtHomeWithSupport: false } }), true);
    expect(palliative.body.placement).toMatchObject({ destination: 'herstelkliniek', ward: 'palliatief' });
    expect(palliative.body.stayEndsAt).toBeUndefined();
    expect(palliative.entry?.detail).toMatch(/geen maximale verblijfsduur/);

    const reminded = await eventually(() => caseNow(hk.caseId), (c) => steps(c).includes('stay_reminder'), 15_000);
    expect(reminded.timeline.find((t: { step: string }) => t.step === 'stay_reminder').detail).toMatch(/eindigt over 2 dagen \(max 3\); sms aan de transferverpleegkundige en de SO van dienst/);
    const texts = await eventually(() => outbox(hk.caseId), (ms) => ms.filter((m) => /eindigt over/.test(m.body)).length >= 2);
    const ending = texts.filter((m) => /eindigt over 2 dagen \(max 3\)/.test(m.body));
    expect(ending.map((m) => m.to)).toContain(desk.hk);
    expect(ending.filter((m) => soPhones.has(m.to))).toHaveLength(1);
    // No ward in the text: a ward can name a diagnosis.
    for (const m of ending) expect(m.body).not.toMatch(/somatiek|afdeling/);

    await eventually(() => caseNow(hk.caseId), (c) => steps(c).includes('stay_ended'), 15_000);
    expect((await overviewGroup(hk.caseId))?.group).toBe('coordinator');
    // The palliative stay has no clock: never reminded, never first for the coordinator.
    expect(steps(await caseNow(palliative.caseId)).filter((s) => s.startsWith('stay_'))).toEqual([]);
    expect((await outbox(palliative.caseId)).filter((m) => /eindigt over/.test(m.body))).toEqual([]);
    expect((await overviewGroup(palliative.caseId))?.group).toBe('closed');
  }, 60_000);

  it('a discharge stops the clock: no reminder after it', async () => {
    const wk = await admitted(referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } }));
    expect(wk.body.placement).toMatchObject({ destination: 'wijkkliniek' });
    expect((await postJson(`${stack.url}/cases/${wk.caseId}/discharge`, { dischargedTo: 'other' })).status).toBe(200);
    // Past the moment of the reminder (day 1 of 3) and a few sweeps.
    await new Promise((r) => setTimeout(r, (daySeconds + 2) * 1000));
    const c = await caseNow(wk.caseId);
    expect(steps(c).filter((s) => s.startsWith('stay_'))).toEqual([]);
    expect(c.stayClockDue).toBeUndefined();
    expect((await outbox(wk.caseId)).filter((m) => /eindigt over/.test(m.body))).toEqual([]);
  }, 30_000);
});
