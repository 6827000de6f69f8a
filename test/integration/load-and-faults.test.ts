import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { scanAll } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import { withoutAnswerTokens } from '../../functions/entities/notification';
import type { LocalStack } from '../../local/local-stack';
import { executionArn, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { throttleDynamo, type ThrottleStats } from '../support/dynamo-faults';

/**
 * Load and faults, bounded, on loopback: 1,000 referrals, 20 at a time, through the real
 * API and workflows, while 10% of SMS deliveries fail at SNS (every attempt, so the notifier
 * retries with backoff and then writes a dead letter) and DynamoDB throttles at the client:
 * one request in 25 is throttled once (the SDK retries it), and one TransactWriteItems in 150
 * at every attempt, so the SDK gives up and our error paths must cope (a referral gets a 500
 * and is sent again with its Idempotency-Key, as a GP's system would; a workflow step fails
 * and the coordinator takes the case). Facilities confirm or cancel some held beds meanwhile.
 * Afterwards: every referral has one case, every case is in a final or waiting state, the bed
 * board agrees with the cases (no bed held twice, none lost), every failed SMS is a dead letter.
 */
const referrals = 1000;
const concurrency = 20;

const sns = mockClient(SNSClient);
let stack: LocalStack;
let throttling: { stats: ThrottleStats; stop(): void } | undefined;
const run = randomUUID().slice(0, 8);

const phones = { wijk: '+31610008001', herstel: '+31610008002', reo: '+31610008003' };
beforeAll(async () => {
  stack = await startTestStack({ smsMode: 'sns', seed: false });
  await seedRegion([
    testFacility({ facilityId: 'wk-last', kind: 'wijkkliniek', district: 'Delfshaven', transferNursePhone: phones.wijk, wards: [{ ward: 'algemeen', total: 40, free: 40, held: 0 }] }),
    testFacility({
      facilityId: 'hk-last',
      kind: 'herstelkliniek',
      district: 'Delfshaven',
      transferNursePhone: phones.herstel,
      wards: [{ ward: 'somatiek', total: 30, free: 30, held: 0 }, { ward: 'delier', total: 6, free: 6, held: 0 }],
    }),
    testFacility({ facilityId: 'reo-last', kind: 'reo_bed', district: 'Delfshaven', transferNursePhone: phones.reo, wards: [{ ward: 'algemeen', total: 10, free: 10, held: 0 }] }),
  ]);
});
afterAll(async () => {
  throttling?.stop();
  sns.restore();
  await stack?.stop();
});

/** The mix of a busy day: mostly home, wijkkliniek, herstelkliniek (the SO gate), SEH, REO, 112; a few from outside the clinics' district. */
function referralFor(i: number) {
  const postcode = i % 7 === 3 ? '3083 AB' : '3021 AB'; // Charlois: no clinic of ours serves it
  const patient = { postcode, age: 70 + (i % 30) };
  switch (i % 10) {
    case 5:
    case 6:
      return referral({ patient, presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
    case 7:
      return referral({ patient, presentation: { safeAtHomeWithSupport: false, ...(i % 3 === 0 ? { delirium: true } : {}) } });
    case 8:
      return referral({ patient, presentation: { medicalSpecialistCareNeeded: true, complexity: 'high' } });
    case 9:
      return i % 20 === 9 ? referral({ patient, presentation: { functionalDecline: true, causeUnclear: true } }) : referral({ patient, presentation: { lifeThreatening: true } });
    default:
      return referral({ patient });
  }
}

/** SNS: a delivery (a phone and a text) fails at every attempt for every tenth new one, by a counter. */
const deliveries = new Map<string, { fails: boolean; attempts: number; to: string; body: string }>();
const textedCases = new Map<string, number>();
let lastPublishAt = 0;
function mockSns() {
  sns.on(PublishCommand).callsFake(async (input: { PhoneNumber: string; Message: string }) => {
    lastPublishAt = Date.now();
    const key = `${input.PhoneNumber}\n${input.Message}`;
    let delivery = deliveries.get(key);
    if (!delivery) {
      delivery = { fails: (deliveries.size + 1) % 10 === 0, attempts: 0, to: input.PhoneNumber, body: input.Message };
      deliveries.set(key, delivery);
    }
    delivery.attempts++;
    for (const id of input.Message.match(/VT-[0-9A-Z]{6}/g) ?? []) textedCases.set(id, (textedCases.get(id) ?? 0) + 1);
    if (delivery.fails) throw Object.assign(new Error('Rate exceeded (injected)'), { name: 'ThrottlingException' });
    return { MessageId: randomUUID() };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const parkedAt = /^(Gate)?Await(Admission|SoAnswer)(U2|U3|U4)?$/;
/** A home case waits in a branch of ConfirmHome for the district team (the branches interleave in the path). */
const teamWait = /^(DistrictTeam|FactVvt)AwaitAnswerU[234]$/;

/**
 * Settled: the execution ended, or it waits for a person (a facility, an SO) and its handler
 * has got as far as the text (so its task token is stored). In-process: no HTTP polling.
 */
function settled(caseId: string): boolean {
  const e = stack.engine.describe(executionArn(caseId));
  if (!e) return false;
  if (e.status !== 'RUNNING') return true;
  // The teams wait in a Parallel, so the team's wait need not be the last state entered; a
  // branch that failed after its text (its write throttled) is on its way to the coordinator.
  const handingOver = e.path.some((s) => /^(DistrictTeam|FactVvt)Failed$|^HandOverToCoordinator$/.test(s));
  return (parkedAt.test(e.path.at(-1) ?? '') || (e.path.some((s) => teamWait.test(s)) && !handingOver)) && (textedCases.get(caseId) ?? 0) > 0;
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(20);
  }
  return true;
}

/** A request retried on a 5xx (a throttle the SDK gave up on), as a client would; the last answer. */
async function withRetries(send: () => Promise<{ status: number; body: any }>, tries = 5) {
  let res = await send();
  for (let i = 1; i < tries && res.status >= 500; i++) {
    await sleep(100 * i);
    res = await send();
  }
  return res;
}

const outcome = {
  created: [] as string[],
  referralRetries: 0,
  refused: [] as Array<{ i: number; status: number; body: unknown }>,
  unsettled: [] as string[],
  confirmed: 0,
  cancelled: 0,
  actionAnswers: {} as Record<string, number>,
};

async function lane(next: () => number | undefined) {
  for (let i = next(); i !== undefined; i = next()) {
    const key = `last-${run}-${i}`;
    const res = await withRetries(async () => {
      const r = await postJson(`${stack.url}/referrals`, referralFor(i), { headers: { 'idempotency-key': key } });
      if (r.status >= 500) outcome.referralRetries++;
      return r;
    });
    if (res.status !== 201) {
      outcome.refused.push({ i, status: res.status, body: res.body });
      continue;
    }
    const caseId = res.body.caseId as string;
    outcome.created.push(caseId);
    if (!(await until(() => settled(caseId), 30_000))) {
      outcome.unsettled.push(caseId);
      continue;
    }
    // The facility acts on some held beds (never on a herstelkliniek's before the SO): confirm, or cancel.
    if (stack.engine.describe(executionArn(caseId))?.path.at(-1) === 'AwaitAdmission' && i % 3 !== 2) {
      const action = i % 3 === 0 ? 'admission' : 'cancel';
      const answer = await withRetries(() => postJson(`${stack.url}/cases/${caseId}/${action}`));
      outcome.actionAnswers[`${action} ${answer.status}`] = (outcome.actionAnswers[`${action} ${answer.status}`] ?? 0) + 1;
      if (answer.status === 200) outcome[action === 'admission' ? 'confirmed' : 'cancelled']++;
    }
  }
}

const finalOrWaiting = ['admission_confirmed', 'discharged', 'cancelled', 'call_112', 'notified', 'bed_held', 'escalated', 'expired'];

describe(`${referrals} referrals, ${concurrency} at a time, with SMS failing and DynamoDB throttling`, () => {
  let cases: Array<Record<string, any>> = [];
  let started = 0;

  it('are all accepted, and every one settles', async () => {
    mockSns();
    // Every dead letter and failed step logs an error line: counted, not printed.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    throttling = throttleDynamo({ every: 25, giveUp: { operations: ['TransactWriteItems'], every: 150 } });
    started = Date.now();
    let n = 0;
    const next = () => (n < referrals ? n++ : undefined);
    let sent = 0;
    let errorLines = 0;
    try {
      await Promise.all(Array.from({ length: concurrency }, () => lane(next)));
      sent = Date.now() - started;
      // Whatever the lanes left waiting (a step retried after a throttle) settles now.
      await until(() => outcome.created.every(settled), 60_000);
      // A case counts as settled from the first attempt at its text; a failing text is tried
      // four times over ~1.4 s before its dead letter and the step's write. So the run ends
      // when SNS has been quiet for longer than that (bounded: the assertions below judge).
      await until(() => Date.now() - lastPublishAt > 2_500, 30_000);
    } finally {
      throttling.stop();
      errorLines = errors.mock.calls.length;
      errors.mockRestore();
    }
    const stats = throttling.stats;
    console.log(
      JSON.stringify({
        referralsSentMs: sent,
        settledMs: Date.now() - started,
        ...outcome,
        created: outcome.created.length,
        unsettled: outcome.unsettled.filter((id) => !settled(id)),
        dynamo: stats,
        sms: { deliveries: deliveries.size, failed: [...deliveries.values()].filter((d) => d.fails).length },
        errorLines,
      }),
    );
    expect(outcome.refused).toEqual([]);
    expect(outcome.created).toHaveLength(referrals);
    expect(new Set(outcome.created).size).toBe(referrals);
    expect(outcome.created.filter((id) => !settled(id))).toEqual([]);
    // The faults did happen, and the SDK did retry them.
    expect(stats.retried).toBeGreaterThan(100);
    expect(stats.maxAttempt).toBeGreaterThanOrEqual(2);
    expect(stats.givenUp.TransactWriteItems ?? 0).toBeGreaterThan(5);
    expect([...deliveries.values()].filter((d) => d.fails).length).toBeGreaterThan(50);
    expect(outcome.confirmed).toBeGreaterThan(5);
    expect(outcome.cancelled).toBeGreaterThan(5);
  }, 150_000);

  it('every referral has exactly one case, and no other case was written', async () => {
    cases = (await scanAll({ TableName: config().tableName('cases'), ConsistentRead: true })) as Array<Record<string, any>>;
    expect(cases).toHaveLength(referrals);
    expect(new Set(cases.map((c) => c.caseId))).toEqual(new Set(outcome.created));
  });

  it('every case is in a final or waiting state, and a held bed is one its workflow waits on', () => {
    expect(cases.filter((c) => !finalOrWaiting.includes(c.status)).map((c) => [c.caseId, c.status, c.timeline.at(-1)?.step])).toEqual([]);
    // A held bed is either waiting for a person (its workflow parked) or nothing: never a hold without its workflow.
    const orphanHolds = cases.filter((c) => c.status === 'bed_held' && stack.engine.describe(executionArn(c.caseId))?.status !== 'RUNNING');
    expect(orphanHolds.map((c) => c.caseId)).toEqual([]);
    // No hold left behind on a case that no longer holds a bed.
    expect(cases.filter((c) => c.hold && !['bed_held', 'admission_confirmed', 'discharged'].includes(c.status)).map((c) => [c.caseId, c.status])).toEqual([]);
    const failed = [...stack.engine.executions(), ...stack.consultationEngine.executions()].filter((e) => e.status === 'FAILED');
    expect(failed.map((e) => [e.name, e.error, e.cause])).toEqual([]);
    const byStatus = Object.fromEntries(finalOrWaiting.map((s) => [s, cases.filter((c) => c.status === s).length]));
    const handedOver = stack.engine.executions().filter((e) => e.path.includes('HandOverToCoordinator')).length;
    console.log(JSON.stringify({ byStatus, handedOver }));
    // The throttles the SDK gave up on landed somewhere: a referral answered 500 (and sent again), or a step handed to the coordinator.
    expect(outcome.referralRetries + handedOver).toBeGreaterThan(0);
  });

  it('no bed is held twice or lost: per ward, held and occupied are the cases holding and admitted there', async () => {
    const wards = (await scanAll({ TableName: config().tableName('facilities'), ConsistentRead: true })).filter((i) => String(i.sk).startsWith('WARD#')) as Array<Record<string, any>>;
    expect(wards).toHaveLength(4);
    for (const w of wards) {
      const at = (c: Record<string, any>) => c.hold?.facilityId === w.facilityId && c.hold?.ward === w.ward;
      const held = cases.filter((c) => c.status === 'bed_held' && at(c)).length;
      const occupied = cases.filter((c) => c.status === 'admission_confirmed' && at(c)).length;
      expect({ ward: `${w.facilityId}/${w.ward}`, held: w.held, occupied: w.total - w.free - w.held, free: w.free >= 0 }).toEqual({ ward: `${w.facilityId}/${w.ward}`, held, occupied, free: true });
      expect(w.free + held + occupied).toBe(w.total);
    }
    // Contention really happened: the wijkkliniek filled up and turned people away.
    expect(cases.filter((c) => c.decision?.destination === 'wijkkliniek' && c.placement?.destination === 'seh').length).toBeGreaterThan(0);
  });

  it('every failed SMS is in the dead-letter record (after all four attempts), and only those', async () => {
    const records = await scanAll({ TableName: config().tableName('notifications'), ConsistentRead: true });
    const deadLetters = records.filter((r) => r.status === 'dead_letter');
    const failed = [...deliveries.values()].filter((d) => d.fails);
    for (const d of failed) expect(d.attempts % 4).toBe(0);
    const missing = failed.filter((d) => !deadLetters.some((r) => r.to === d.to && r.body === withoutAnswerTokens(d.body) && r.attempts === 4));
    expect(missing.map((d) => `${d.to}: ${d.body.slice(0, 60)}`)).toEqual([]);
    // As many dead letters as failed sends (a text sent twice, by a retried step, failed twice).
    expect(deadLetters).toHaveLength(failed.reduce((n, d) => n + d.attempts / 4, 0));
    expect(deadLetters.every((r) => String(r.error).startsWith('ThrottlingException'))).toBe(true);
    // Whoever missed a text, the coordinator heard about it (unless that text failed too: a dead letter as well).
    const told = records.filter((r) => String(r.recipient).startsWith('coordinator') && String(r.body).includes('kon niet worden bezorgd'));
    expect(told.length).toBe(deadLetters.filter((r) => !String(r.recipient).startsWith('coordinator')).length);
  });
});
