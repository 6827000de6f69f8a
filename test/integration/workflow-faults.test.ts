import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, finishedExecution, getJson, postJson, putJson, startTestStack, soAgrees } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { storeCase } from '../support/cases';
import { systemActor } from '../../functions/domain/case';
import { currentTree } from '../../functions/domain/triage/trees';
import { referralWorkflowInput } from '../../functions/use-cases/create-referral';

/** Faults injected on purpose: a task that fails must never leave a bed held or a case without an owner. */
const brokenPhone = Object.assign(new Error('SMS gateway unreachable'), { name: 'GatewayError' });
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false, faults: { AwaitAdmission: brokenPhone, NotifyDestination: brokenPhone, DistrictTeamAwaitAnswerU3: brokenPhone, AwaitSoAnswerU3: brokenPhone } });
  await seedRegion([testFacility({ facilityId: 'hk-storing', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'somatiek', total: 2, free: 1, held: 0 }] })]);
});
afterAll(async () => {
  await stack?.stop();
});

const ward = async () => ((await getJson(`${stack.url}/facilities`)).body as Array<{ wards: Array<{ free: number; held: number }> }>)[0]?.wards[0];
const coordinatorTexts = async (caseId: string) =>
  (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string; recipient: string }) => m.caseId === caseId && m.recipient === 'coordinator:rotterdam');

describe('a step fails after a bed was held', () => {
  it('gives the bed back and hands the case to the coordinator, who is texted', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    // A herstelkliniek: the SO agrees first, then the step that texts the transfer nurse fails.
    await soAgrees(stack, res.body.caseId);
    const execution = await finishedExecution(stack, res.body.caseId);
    expect(execution.path.slice(-3)).toEqual(['AwaitAdmission', 'HandOverToCoordinator', 'HandedOver']);
    const found = (await getJson(`${stack.url}/cases/${res.body.caseId}`)).body;
    expect(found.status).toBe('escalated');
    expect(found.owner).toEqual({ role: 'coordinator', id: 'rotterdam' });
    expect(found.timeline.at(-1).detail).toContain('GatewayError');
    expect(await ward()).toEqual({ ward: 'somatiek', total: 2, free: 1, held: 0 });
    expect(await coordinatorTexts(res.body.caseId)).toHaveLength(1);
  });
});

describe('a step fails on the way home', () => {
  it('hands the case to the coordinator rather than dropping it', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral());
    const found = await caseWithStatus(stack, res.body.caseId, ['escalated']);
    expect(found.owner.role).toBe('coordinator');
    // The step that texts the district team fails: its branch fails, and the whole case is handed over.
    expect((await finishedExecution(stack, res.body.caseId)).path.slice(-4)).toEqual(['DistrictTeamAwaitAnswerU3', 'DistrictTeamFailed', 'HandOverToCoordinator', 'HandedOver']);
    await eventually(() => coordinatorTexts(res.body.caseId), (ms) => ms.length === 1);
  });
});

describe('a fault while asking the SO', () => {
  it('hands the case to the coordinator, who is texted, instead of dropping the question', async () => {
    const { caseId } = await storeCase({ status: 'notified', owner: { role: 'district_team', id: 'Delfshaven' } });
    expect((await postJson(`${stack.url}/cases/${caseId}/escalations`, { note: 'Suf en koortsig', urgency: 'U3' })).status).toBe(202);
    const execution = await eventually(
      () => stack.consultationEngine.executions().find((e) => e.name.startsWith(`${caseId}-`)),
      (e) => !!e && e.status !== 'RUNNING',
    );
    expect(execution?.status).toBe('SUCCEEDED');
    expect(execution?.path.slice(-3)).toEqual(['AwaitSoAnswerU3', 'ConsultationFailed', 'ConsultationHandedOver']);
    const found = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(found.owner).toEqual({ role: 'coordinator', id: 'rotterdam' });
    expect(found.timeline.at(-1)).toMatchObject({ step: 'consultation_failed' });
    const [text] = await eventually(() => coordinatorTexts(caseId), (ms) => ms.length === 1);
    expect(text.body).toContain('storing');
  });
});

describe('a case cancelled while it waits for its decision', () => {
  it('stays cancelled: the workflow ends at CaseClosed and holds no bed', async () => {
    // Stored and cancelled before its workflow runs: the order a race could produce.
    const { caseId, referral: stored } = await storeCase({ status: 'referred' }, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    expect((await postJson(`${stack.url}/cases/${caseId}/cancel`)).status).toBe(200);
    const before = await ward();

    const execution = stack.engine.start(caseId, referralWorkflowInput(caseId, stored, currentTree, { district: 'Feijenoord', startedBy: 'huisarts-jansen' }));
    await execution.done;
    expect(execution.path.slice(-2)).toEqual(['RecordDecision', 'CaseClosed']);
    const found = (await getJson(`${stack.url}/cases/${caseId}`)).body;
    expect(found.status).toBe('cancelled');
    expect(found.decision).toBeUndefined();
    expect(found.owner).toEqual(systemActor);
    expect(await ward()).toEqual(before);
    expect((await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === caseId)).toEqual([]);
  });
});

describe('the bed board', () => {
  it('refuses fewer beds in total unless the free count is given too', async () => {
    const res = await putJson(`${stack.url}/facilities/hk-storing/wards/somatiek`, { total: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'total', message: expect.stringContaining('vrije bedden') });
    expect((await putJson(`${stack.url}/facilities/hk-storing/wards/somatiek`, { total: 1, free: 1 })).status).toBe(200);
  });
});
