import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useClock } from '../../functions/adapters/deps';
import { systemClock } from '../../functions/domain/ports';
import type { LocalStack } from '../../local/local-stack';
import { eventually, finishedExecution, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * From tree v2 on the SO leads care in a herstelkliniek, so every herstelkliniek placement
 * asks the SO first, with the bed held meanwhile, and the answer steers the case. Saturday
 * 03:00: the ANW chain (SO, then PA) is on duty. U2 answers time out after 2 s, U3 never
 * within a test.
 */
let stack: LocalStack;
const saturdayNight = Date.parse('2099-11-28T02:00:00Z');
beforeAll(async () => {
  const offset = saturdayNight - Date.now();
  useClock({ now: () => new Date(Date.now() + offset) });
  stack = await startTestStack({ consultationTimeouts: { U2: 2, U3: 120, U4: 120 } });
});
afterAll(async () => {
  useClock(systemClock);
  await stack?.stop();
});

/** Not safe at home, no hospital-level need: tree v2 rule 10, a herstelkliniek (somatiek), in Delfshaven. */
const herstelkliniekReferral = (urgency: 'U2' | 'U3' = 'U3') => referral({ presentation: { safeAtHomeWithSupport: false, urgency } });

const caseOf = async (caseId: string) => (await getJson(`${stack.url}/cases/${caseId}`)).body;
const messagesFor = async (caseId: string) =>
  (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === caseId) as Array<{ recipient: string; body: string }>;
const linkTo = async (caseId: string, recipient: string) => {
  const sms = await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient === recipient));
  return /(http:\/\/[^ ]+\/c\/[\w-]+)/.exec(sms.find((m) => m.recipient === recipient)?.body ?? '')?.[1] ?? '';
};
const answer = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const freeBeds = async (facilityId: string, ward: string) =>
  ((await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ ward: string; free: number; held: number }> }>)
    .find((f) => f.facilityId === facilityId)
    ?.wards.find((w) => w.ward === ward);

/** Refers and waits until the herstelkliniek bed is held and the first SO has the question. */
async function referAndHold(urgency: 'U2' | 'U3' = 'U3') {
  const res = await postJson(`${stack.url}/referrals`, herstelkliniekReferral(urgency));
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  const held = await eventually(() => caseOf(caseId), (c) => c.status === 'bed_held');
  expect(held.decision).toMatchObject({ destination: 'herstelkliniek', treatingPhysician: 'so' });
  expect(held.decision.treeVersion).not.toBe('rotterdam-v1');
  expect(held.hold).toMatchObject({ awaitingSo: true });
  const link = await linkTo(caseId, 'so:1');
  return { caseId, link, facilityId: held.hold.facilityId as string, ward: held.hold.ward as string };
}

describe('a herstelkliniek placement asks the SO first, with the bed held', () => {
  it('admits only after the SO accepts: the admission clock starts then, and the transfer nurse is texted', async () => {
    const { caseId, link } = await referAndHold();
    // Nobody may admit before the SO agrees, not even the coordinator.
    const early = await postJson(`${stack.url}/cases/${caseId}/admission`);
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/SO/);
    expect((await messagesFor(caseId)).some((m) => m.recipient.startsWith('transfer_nurse'))).toBe(false);

    expect((await answer(link, { answer: 'accept' })).status).toBe(200);
    const clocked = await eventually(() => caseOf(caseId), (c) => c.timeline.some((t: { step: string }) => t.step === 'admission_clock_started'));
    expect(clocked.hold.awaitingSo).toBeUndefined();
    expect(Date.parse(clocked.hold.expiresAt)).toBeLessThan(saturdayNight + 3 * 3_600_000);
    await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient.startsWith('transfer_nurse')));
    expect((await postJson(`${stack.url}/cases/${caseId}/admission`)).status).toBe(200);
    const execution = await finishedExecution(stack, caseId);
    expect(execution.path).toEqual(expect.arrayContaining(['StartSoGate', 'GateSelectConsultee', 'GateAwaitSoAnswerU3', 'IsSoDecline', 'StartAdmissionClock', 'AwaitAdmission', 'AdmissionConfirmed']));
    // The tree's so_consultation flag does not ask the SO a second time.
    expect(execution.path).not.toContain('RequestSoConsultation');
  });

  it('passes an advice on to the transfer nurse desk, by a text without the advice itself', async () => {
    const { caseId, link } = await referAndHold();
    const advice = 'Start amoxicilline, controle morgen';
    expect((await answer(link, { answer: 'advise', advice })).status).toBe(200);
    const desk = await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient.startsWith('transfer_nurse') && /advies/.test(m.body)));
    const text = desk.find((m) => /advies/.test(m.body))?.body ?? '';
    expect(text).not.toMatch(/amoxicilline/i);
    expect((await caseOf(caseId)).timeline.some((t: { detail?: string }) => t.detail?.includes(advice))).toBe(true);
  });

  it('a decline needs a reason; then the bed is released at once and the coordinator takes the case, with the reason on the timeline', async () => {
    const { caseId, link, facilityId, ward } = await referAndHold();
    const before = await freeBeds(facilityId, ward);
    const noReason = await answer(link, { answer: 'decline' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toMatch(/reden/);
    const reason = 'Zorgvraag past beter op een GRZ-afdeling elders';
    expect((await answer(link, { answer: 'decline', reason })).status).toBe(200);
    const declined = await eventually(() => caseOf(caseId), (c) => c.status === 'escalated');
    expect(declined.owner).toMatchObject({ role: 'coordinator' });
    expect(declined.hold).toBeUndefined();
    expect(declined.timeline.some((t: { detail?: string }) => t.detail?.includes(reason))).toBe(true);
    expect((await freeBeds(facilityId, ward))?.free).toBe((before?.free ?? 0) + 1);
    const toCoordinator = await eventually(() => messagesFor(caseId), (ms) => ms.some((m) => m.recipient.startsWith('coordinator')));
    expect(toCoordinator.find((m) => m.recipient.startsWith('coordinator'))?.body).not.toContain(reason);
    expect((await finishedExecution(stack, caseId)).path.slice(-2)).toEqual(['SoDeclined', 'NotSuitable']);
  });

  it('"cannot judge now" goes to the next in the chain, with the bed still held', async () => {
    const { caseId, link } = await referAndHold();
    expect((await answer(link, { answer: 'pass_on' })).status).toBe(200);
    const next = await linkTo(caseId, 'vs_pa:2');
    expect(next).not.toBe(link);
    expect((await caseOf(caseId)).hold).toMatchObject({ awaitingSo: true });
    expect((await answer(next, { answer: 'accept' })).status).toBe(200);
    await eventually(() => caseOf(caseId), (c) => c.hold && !c.hold.awaitingSo);
  });

  it('when nobody in the chain answers, the coordinator decides, and the bed stays held (now with an admission clock)', async () => {
    const { caseId, facilityId, ward } = await referAndHold('U2');
    const c = await eventually(() => caseOf(caseId), (x) => x.timeline.some((t: { step: string }) => t.step === 'admission_clock_started'), 20_000);
    expect(c.status).toBe('bed_held');
    expect(c.owner).toMatchObject({ role: 'coordinator' });
    expect(c.timeline.filter((t: { step: string }) => t.step === 'consultation_unanswered')).toHaveLength(2);
    expect((await messagesFor(caseId)).some((m) => m.recipient.startsWith('coordinator'))).toBe(true);
    expect((await freeBeds(facilityId, ward))?.held).toBeGreaterThan(0);
  });
});
