import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, finishedExecution, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { DynamoCaseStore } from '../../functions/adapters/dynamo-case-store';
import { DynamoCapacity } from '../../functions/adapters/dynamo-capacity';
import { newCaseId, systemActor } from '../../functions/domain/case';
import { parseReferral } from '../../functions/domain/referral';
import { decide } from '../../functions/domain/triage/evaluate';
import { currentTree } from '../../functions/domain/triage/trees';

/**
 * Time is compressed the honest way: the hold timeout is a synth-time setting (CDK context
 * holdTimeoutSeconds), so this stack runs a definition whose AwaitAdmission times out after 2 s.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false, holdTimeoutSeconds: 2 });
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
    const found = await caseWithStatus(stack, caseId, ['bed_held']);
    expect(Date.parse(found.hold.expiresAt) - Date.parse(found.timeline.at(-1).at)).toBeLessThanOrEqual(2_500);
    expect(await somatiek()).toEqual({ ward: 'somatiek', total: 2, free: 0, held: 1 });
  });

  it('loses the hold after the timeout: the bed returns and the coordinator takes over', async () => {
    const execution = await finishedExecution(stack, caseId);
    expect(execution.path.slice(-3)).toEqual(['AwaitAdmission', 'ReleaseHold', 'HoldExpired']);
    const found = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(found.status).toBe('expired');
    expect(found.hold).toBeUndefined();
    expect(found.owner).toEqual({ role: 'coordinator', id: 'rotterdam' });
    expect(await somatiek()).toEqual({ ward: 'somatiek', total: 2, free: 1, held: 0 });
    const messages = await eventually(
      async () => (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === caseId),
      (ms) => ms.length === 2,
    );
    expect(messages.map((m: { recipient: string }) => m.recipient)).toEqual(['transfer_nurse:hk-kort', 'coordinator:rotterdam']);
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

describe('a restart of the local stack with kept data', () => {
  it('releases a bed held before the restart when it expires; a late confirm gets a clear 409', async () => {
    // A bed held by a workflow that no longer exists: what a restart with --data leaves behind.
    const cases = new DynamoCaseStore();
    const now = new Date();
    const caseId = newCaseId();
    const parsed = parseReferral(referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    if (!parsed.ok) throw new Error('bad referral');
    await cases.create({
      caseId, region: 'rotterdam', status: 'triaged', referral: parsed.value, owner: systemActor,
      decision: decide(currentTree, parsed.value), timeline: [], createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1,
    });
    const held = await new DynamoCapacity().hold({
      caseId, facilityId: 'hk-kort', ward: 'somatiek', expiresAt: new Date(now.getTime() + 1_000).toISOString(), owner: systemActor,
      placement: { destination: 'herstelkliniek', facilityId: 'hk-kort', ward: 'somatiek', tried: [], at: now.toISOString() },
      entry: { at: now.toISOString(), step: 'bed_held', by: systemActor },
    });
    expect(held).toBe('held');

    const restarted = await startTestStack({ seed: false, tablePrefix: stack.tablePrefix, dynamoEndpoint: stack.dynamoEndpoint });
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
