import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, finishedExecution, getJson, postJson, putJson, startTestStack, soAgrees } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { storeCase } from '../support/cases';

let stack: LocalStack;
const pneumonia = referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([
    // Three contention rounds, one clinic each, 10 free beds: only one has beds at a time (see below).
    ...[1, 2, 3].map((n) => testFacility({ facilityId: `wk-race-${n}`, kind: 'wijkkliniek', district: 'Delfshaven', wards: [{ ward: 'algemeen', total: 10, free: 0, held: 0 }] })),
    testFacility({ facilityId: 'hk-noord', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'somatiek', total: 3, free: 1, held: 0 }, { ward: 'delier', total: 2, free: 0, held: 0 }] }),
    testFacility({ facilityId: 'reo-noord', kind: 'reo_bed', district: 'Noord', wards: [{ ward: 'algemeen', total: 4, free: 0, held: 0 }] }),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

const ward = async (facilityId: string, name: string) => {
  const facilities = (await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ ward: string; total: number; free: number; held: number }> }>;
  return facilities.find((f) => f.facilityId === facilityId)?.wards.find((w) => w.ward === name);
};

const cases = () => scanAll({ TableName: config().tableName('cases'), ConsistentRead: true }) as Promise<Array<Record<string, any>>>;

describe('200 GPs refer pneumonia at the same moment, for 10 wijkkliniek beds', () => {
  for (const round of [1, 2, 3]) {
    it(`round ${round}: exactly 10 holds, 190 fall back to the SEH, every case accounted for`, async () => {
      const facilityId = `wk-race-${round}`;
      for (const n of [1, 2, 3]) await putJson(`${stack.url}/facilities/wk-race-${n}/wards/algemeen`, { free: n === round ? 10 : 0 });
      const responses = await Promise.all(Array.from({ length: 200 }, () => postJson(`${stack.url}/referrals`, pneumonia)));
      expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
      const ids = new Set(responses.map((r) => r.body.caseId as string));
      expect(ids.size).toBe(200);

      const mine = await eventually(
        async () => (await cases()).filter((c) => ids.has(c.caseId)),
        // Settled, whatever the outcome: a case handed to the coordinator fails the counts below at once.
        (cs) => cs.length === 200 && cs.every((c) => !['referred', 'triaged'].includes(c.status)),
        150_000, // generous: on 2 busy cores a round has taken up to ~15 s
      );
      expect(mine.filter((c) => !['bed_held', 'notified'].includes(c.status)).map((c) => [c.caseId, c.status, c.timeline.at(-1)?.detail])).toEqual([]);
      const held = mine.filter((c) => c.status === 'bed_held');
      const seh = mine.filter((c) => c.status === 'notified');
      expect(held).toHaveLength(10);
      expect(seh).toHaveLength(190);
      expect(held.every((c) => c.hold.facilityId === facilityId && c.placement.destination === 'wijkkliniek')).toBe(true);
      // The clinical decision stays wijkkliniek; the placement says where the case went and why.
      expect(seh.every((c) => c.decision.destination === 'wijkkliniek' && c.placement.destination === 'seh')).toBe(true);
      expect(seh.every((c) => c.placement.tried.some((t: { facilityId: string; reason: string }) => t.facilityId === facilityId && ['full', 'lost_race'].includes(t.reason)))).toBe(true);
      expect(await ward(facilityId, 'algemeen')).toEqual({ ward: 'algemeen', total: 10, free: 0, held: 10 });

      // Leave the next round a clean slate: cancel the holds, beds come back.
      for (const c of held) expect((await postJson(`${stack.url}/cases/${c.caseId}/cancel`)).status).toBe(200);
      expect(await ward(facilityId, 'algemeen')).toEqual({ ward: 'algemeen', total: 10, free: 10, held: 0 });
      for (const c of held) expect((await finishedExecution(stack, c.caseId)).path.at(-1)).toBe('Cancelled');
    }, 240_000);
  }
});

describe('fallback when the clinical destination is full', () => {
  it('a REO referral with no REO bed goes to a herstelkliniek somatiek ward, and the refusal is counted', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3031 AB' }, presentation: { functionalDecline: true, causeUnclear: true } }));
    const found = await caseWithStatus(stack, res.body.caseId, ['bed_held']);
    expect(found.decision.destination).toBe('reo_bed');
    expect(found.placement).toMatchObject({ destination: 'herstelkliniek', facilityId: 'hk-noord', ward: 'somatiek' });
    expect(found.placement.tried).toEqual([{ facilityId: 'reo-noord', destination: 'reo_bed', ward: 'algemeen', reason: 'full' }]);
    await postJson(`${stack.url}/cases/${res.body.caseId}/cancel`);
  });

  it('a herstelkliniek case that fits nowhere goes to the coordinator, who is texted, never dropped', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3031 AB' }, presentation: { delirium: true, safeAtHomeWithSupport: false } }));
    const found = await caseWithStatus(stack, res.body.caseId, ['escalated']);
    expect(found.decision).toMatchObject({ destination: 'herstelkliniek', ward: 'delier' });
    expect(found.placement.destination).toBe('coordinator');
    expect(found.placement.tried).toEqual([{ facilityId: 'hk-noord', destination: 'herstelkliniek', ward: 'delier', reason: 'full' }]);
    expect(found.owner).toEqual({ role: 'coordinator', id: 'rotterdam' });
    const messages = await eventually(
      async () => (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === res.body.caseId),
      (ms) => ms.length === 1,
    );
    expect(messages[0].recipient).toBe('coordinator:rotterdam');
    expect(messages[0].body).toContain('geen plek');

    // A delirium bed frees up; the coordinator places the case again.
    await putJson(`${stack.url}/facilities/hk-noord/wards/delier`, { free: 1 });
    const again = await postJson(`${stack.url}/cases/${res.body.caseId}/placement`);
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('triaged');
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/placement`)).status).toBe(409); // one run, not two
    const placed = await caseWithStatus(stack, res.body.caseId, ['bed_held', 'escalated']);
    expect(placed.status).toBe('bed_held');
    expect(placed.hold).toMatchObject({ facilityId: 'hk-noord', ward: 'delier' });
    expect(placed.owner).toEqual({ role: 'transfer_nurse', id: 'hk-noord' });
    expect(placed.decision.ruleId).toBe(found.decision.ruleId); // the triage stands; only the placement is new
    // A herstelkliniek: the SO agrees first (tree v2), then the transfer nurse is told.
    await soAgrees(stack, res.body.caseId);
    const told = await eventually(async () => (await getJson(`${stack.url}/cases/${res.body.caseId}`)).body, (c) => c.timeline.at(-1).step === 'notified');
    expect(told.timeline.map((t: { step: string }) => t.step).slice(-6)).toEqual(['replacement_requested', 'bed_held', 'consultation_requested', 'consultation_answered', 'admission_clock_started', 'notified']);
    const rerun = stack.engine.executions().find((e) => e.name.startsWith(`${res.body.caseId}-plaats-`));
    expect(rerun?.path.slice(0, 5)).toEqual(['IsPlacementAgain', 'PlaceCase', 'IsBedHeld', 'StartSoGate', 'GateSelectConsultee']);
    await eventually(
      async () => (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string }) => m.caseId === res.body.caseId),
      (ms) => ms.some((m: { recipient: string }) => m.recipient === 'transfer_nurse:hk-noord'),
    );
    // A case holding a bed is not placed again.
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/placement`)).status).toBe(409);
    await postJson(`${stack.url}/cases/${res.body.caseId}/cancel`);
    await putJson(`${stack.url}/facilities/hk-noord/wards/delier`, { free: 0 });
  });

  it('an expired case placed again where no bed is free goes to the SEH, back in the hands of its referrer', async () => {
    for (const n of [1, 2, 3]) await putJson(`${stack.url}/facilities/wk-race-${n}/wards/algemeen`, { free: 0 });
    const at = new Date().toISOString();
    const gp = { role: 'gp', id: 'huisarts-test' };
    const { caseId } = await storeCase({
      status: 'expired', owner: { role: 'coordinator', id: 'rotterdam' },
      placement: { destination: 'wijkkliniek', facilityId: 'wk-race-1', ward: 'algemeen', tried: [], at },
      timeline: [{ at, step: 'referred', by: gp }],
    }, pneumonia);
    expect((await postJson(`${stack.url}/cases/${caseId}/placement`)).status).toBe(202);
    const found = await caseWithStatus(stack, caseId, ['notified']);
    expect(found.placement).toMatchObject({ destination: 'seh' });
    expect(found.owner).toEqual(gp);
  });

  it('a wijkkliniek case with an ACP "no hospital" wish falls back to a herstelkliniek, not the SEH', async () => {
    for (const n of [1, 2, 3]) await putJson(`${stack.url}/facilities/wk-race-${n}/wards/algemeen`, { free: 0 });
    const res = await postJson(`${stack.url}/referrals`, referral({ acp: { noHospitalAdmission: true }, patient: { postcode: '3031 AB' }, presentation: { medicalSpecialistCareNeeded: true, condition: 'urinary_tract_infection', safeAtHomeWithSupport: false } }));
    const found = await caseWithStatus(stack, res.body.caseId, ['bed_held']);
    expect(found.decision).toMatchObject({ destination: 'wijkkliniek', flags: ['acp_confirm'] });
    expect(found.placement).toMatchObject({ destination: 'herstelkliniek', facilityId: 'hk-noord', ward: 'somatiek' });
    await postJson(`${stack.url}/cases/${res.body.caseId}/cancel`);
  });
});

describe('admission, discharge and the bed board', () => {
  it('confirm turns the hold into an occupied bed, discharge frees it', async () => {
    const before = await ward('hk-noord', 'somatiek');
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    await caseWithStatus(stack, res.body.caseId, ['bed_held']);
    expect(await ward('hk-noord', 'somatiek')).toMatchObject({ free: (before?.free ?? 0) - 1, held: 1 });
    await soAgrees(stack, res.body.caseId);
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/admission`)).body.status).toBe('admission_confirmed');
    expect(await ward('hk-noord', 'somatiek')).toMatchObject({ free: (before?.free ?? 0) - 1, held: 0 });
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/admission`)).status).toBe(409);
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/discharge`, { dischargedTo: 'other' })).body.status).toBe('discharged');
    expect(await ward('hk-noord', 'somatiek')).toEqual(before);
    expect((await postJson(`${stack.url}/cases/${res.body.caseId}/discharge`, { dischargedTo: 'other' })).status).toBe(409);
  });

  it('a bed manager sets the free count; the board shows it', async () => {
    const res = await putJson(`${stack.url}/facilities/hk-noord/wards/somatiek`, { free: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ward: 'somatiek', total: 3, free: 2, held: 0 });
    expect(await ward('hk-noord', 'somatiek')).toEqual({ ward: 'somatiek', total: 3, free: 2, held: 0 });
  });

  it.each([
    ['an unknown facility', '/facilities/hk-nergens/wards/somatiek', { free: 1 }, 404],
    ['an unknown ward', '/facilities/hk-noord/wards/kinderen', { free: 1 }, 404],
    ['a negative count', '/facilities/hk-noord/wards/somatiek', { free: -1 }, 400],
    ['more free than total', '/facilities/hk-noord/wards/somatiek', { free: 4 }, 400],
    ['a total below the beds in use', '/facilities/hk-noord/wards/somatiek', { total: 1 }, 400],
    ['an empty update', '/facilities/hk-noord/wards/somatiek', {}, 400],
  ])('refuses %s with a clear error and changes nothing', async (_what, path, body, status) => {
    const before = await ward('hk-noord', 'somatiek');
    const res = await putJson(`${stack.url}${path}`, body);
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body)).toMatch(/\w/);
    if (status === 400) expect(res.body.errors[0].path).toMatch(/free|total/);
    expect(await ward('hk-noord', 'somatiek')).toEqual(before);
  });

  it('refuses a confirm, cancel or discharge for an unknown case with 404', async () => {
    for (const action of ['admission', 'cancel', 'discharge']) {
      // A discharge says where to (else 400 at the edge, before any lookup).
      expect((await postJson(`${stack.url}/cases/VT-ZZZZZZ/${action}`, action === 'discharge' ? { dischargedTo: 'home' } : undefined)).status).toBe(404);
    }
  });
});
