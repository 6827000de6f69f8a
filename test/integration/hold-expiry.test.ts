import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, finishedExecution, getJson, postJson, startTestStack, soAgrees } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { storeCase } from '../support/cases';
import { DynamoCapacity } from '../../functions/adapters/dynamo-capacity';
import { systemActor } from '../../functions/domain/case';
import { deps, useClock } from '../../functions/adapters/deps';
import { sweepOverdueHolds } from '../../functions/use-cases/sweep-overdue-holds';
import { DynamoCaseStore } from '../../functions/adapters/dynamo-case-store';
import { systemClock } from '../../functions/domain/ports';

/**
 * Time is compressed the honest way: the hold timeout is a synth-time setting (CDK context
 * holdTimeoutSeconds), so this stack runs a definition whose AwaitAdmission times out after 8 s
 * (long enough for a slow machine to look at the held bed first).
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false, holdTimeoutSeconds: 8 });
  await seedRegion([testFacility({ facilityId: 'hk-kort', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'somatiek', total: 2, free: 1, held: 0 }] })]);
});
afterAll(async () => {
  await stack?.stop();
});

const somatiekOn = async (url: string) =>
  ((await getJson(`${url}/facilities`)).body as Array<{ wards: Array<{ ward: string }> }>)[0]?.wards.find((w) => w.ward === 'somatiek');
const somatiek = () => somatiekOn(stack.url);

describe('a facility that never confirms admission', () => {
  let caseId: string;

  it('gets a bed held for it, with the expiry on the case', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    caseId = res.body.caseId;
    await caseWithStatus(stack, caseId, ['bed_held']);
    // A herstelkliniek: the SO agrees first; the admission clock starts then.
    const found = await soAgrees(stack, caseId);
    const clockStarted = found.timeline.find((t: { step: string }) => t.step === 'admission_clock_started');
    expect(Date.parse(found.hold.expiresAt) - Date.parse(clockStarted.at)).toBeLessThanOrEqual(8_500);
    expect(await somatiek()).toEqual({ ward: 'somatiek', total: 2, free: 0, held: 1 });
  });

  it('loses the hold after the timeout: the bed returns and the coordinator takes over', async () => {
    const execution = await finishedExecution(stack, caseId, 30_000);
    expect(execution.path.slice(-3)).toEqual(['AwaitAdmission', 'ReleaseHold', 'HoldExpired']);
    const found = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(found.status).toBe('expired');
    expect(found.hold).toBeUndefined();
    expect(found.owner).toEqual({ role: 'coordinator', id: 'rotterdam' });
    expect(await somatiek()).toEqual({ ward: 'somatiek', total: 2, free: 1, held: 0 });
    const messages = await eventually(
      async () => (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === caseId),
      (ms) => ms.length === 4,
    );
    expect(messages.map((m: { recipient: string }) => m.recipient)).toEqual(['so:1', 'transfer_nurse:hk-kort', 'coordinator:rotterdam', 'transfer_nurse:hk-kort']);
    // The desk that was asked to confirm hears that the hold ran out: nobody comes.
    expect(messages[3].body).toMatch(/bedreservering herstelkliniek vervallen \(niet op tijd bevestigd\)\. U hoeft niemand te verwachten/);
  });

  it('refuses a late confirmation with 409 and changes nothing', async () => {
    const before = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    const res = await postJson(`${stack.url}/cases/${caseId}/admission`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/geen lopende bedreservering/);
    const after = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(after.version).toBe(before.version);
    expect(await somatiek()).toEqual({ ward: 'somatiek', total: 2, free: 1, held: 0 });
  });
});

/** A bed held by a workflow that no longer exists: what a stopped execution or a restart with --data leaves behind. */
async function heldWithoutWorkflow(facilityId: string, expiresAt: Date): Promise<string> {
  const now = new Date();
  const { caseId } = await storeCase({}, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
  const held = await new DynamoCapacity().hold({
    caseId, facilityId, ward: 'somatiek', expiresAt: expiresAt.toISOString(), owner: systemActor,
    placement: { destination: 'herstelkliniek', facilityId, ward: 'somatiek', tried: [], at: now.toISOString() },
    entry: { at: now.toISOString(), step: 'bed_held', by: systemActor },
  });
  expect(held).toEqual({ result: 'held' });
  return caseId;
}

describe('the sweep of overdue holds, the safety net behind the workflow timer', () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);
  const wardOf = async (facilityId: string) =>
    ((await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ ward: string }> }>)
      .find((f) => f.facilityId === facilityId)?.wards.find((w) => w.ward === 'somatiek');
  afterAll(() => useClock(systemClock));

  it('releases only holds expired longer ago than the grace; later and confirmed ones stay', async () => {
    await seedRegion([testFacility({ facilityId: 'hk-veeg', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'somatiek', total: 5, free: 5, held: 0 }] })]);
    const longAgo = await heldWithoutWorkflow('hk-veeg', minutes(-10));
    const justNow = await heldWithoutWorkflow('hk-veeg', minutes(-1));
    const later = await heldWithoutWorkflow('hk-veeg', minutes(60));
    const confirmed = await heldWithoutWorkflow('hk-veeg', minutes(1));
    expect((await postJson(`${stack.url}/cases/${confirmed}/admission`)).status).toBe(200);

    expect(await sweepOverdueHolds(deps(), 'rotterdam', 300)).toEqual({ released: [longAgo] });
    const swept = (await getJson(`${stack.url}/cases/${longAgo}`)).body;
    expect(swept).toMatchObject({ status: 'expired', owner: { role: 'coordinator', id: 'rotterdam' } });
    expect(swept.timeline.at(-1).detail).toMatch(/terug in de pool/);
    expect(await wardOf('hk-veeg')).toEqual({ ward: 'somatiek', total: 5, free: 2, held: 2 });
    const told = (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === longAgo);
    expect(told.map((m: { recipient: string }) => m.recipient)).toEqual(['coordinator:rotterdam']);

    // Six minutes on, the hold that had just expired is past the grace too; the others are not.
    useClock({ now: () => minutes(6) });
    expect(await sweepOverdueHolds(deps(), 'rotterdam', 300)).toEqual({ released: [justNow] });
    expect(await sweepOverdueHolds(deps(), 'rotterdam', 300)).toEqual({ released: [] });
    expect((await getJson(`${stack.url}/cases/${later}`)).body.status).toBe('bed_held');
    expect((await getJson(`${stack.url}/cases/${confirmed}`)).body.status).toBe('admission_confirmed');
    expect(await wardOf('hk-veeg')).toEqual({ ward: 'somatiek', total: 5, free: 3, held: 1 });
    // The index is sparse: whatever ended its hold (expiry, admission) has left it.
    expect(await new DynamoCaseStore().overdueHolds('rotterdam', minutes(24 * 60))).toEqual([later]);
  });
});

describe('a restart of the local stack with kept data', () => {
  it('releases a bed held before the restart once it expires; a late confirm gets a clear 409', async () => {
    const caseId = await heldWithoutWorkflow('hk-kort', new Date(Date.now() + 1_000));
    // The sweep runs at start and then on its interval; here every second, without grace.
    const restarted = await startTestStack({
      seed: false,
      tablePrefix: stack.tablePrefix,
      dynamoEndpoint: stack.dynamoEndpoint,
      jobs: { SweepOverdueHolds: { everySeconds: 1, input: { graceSeconds: 0 } } },
    });
    try {
      const found = await eventually(async () => (await getJson(`${restarted.url}/cases/${caseId}`)).body, (c) => c.status === 'expired', 10_000);
      expect(found.owner.role).toBe('coordinator');
      expect(await somatiekOn(restarted.url)).toMatchObject({ held: 0 });
      expect((await postJson(`${restarted.url}/cases/${caseId}/admission`)).status).toBe(409);
    } finally {
      await restarted.stop();
    }
  });
});
