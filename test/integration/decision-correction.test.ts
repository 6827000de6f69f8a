import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import type { LocalStack } from '../../local/local-stack';
import { isoWeekOf, localDate } from '../../functions/domain/local-date';
import { caseWithStatus, eventually, finishedExecution, getJson, postJson, soAgrees, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { storeCase } from '../support/cases';

/**
 * Issue 11, the coordinator corrects a decision: POST /cases/{caseId}/decision on the local
 * stack (DynamoDB Local, the synthesized state machine). A held bed goes back in the same
 * transaction, the waiting execution ends, a new one places the case at the new destination.
 */
let stack: LocalStack;
const pneumonia = referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
const reason = 'Functioneren is het probleem, niet de longontsteking';

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([
    testFacility({ facilityId: 'wk-delfshaven', kind: 'wijkkliniek', district: 'Delfshaven', wards: [{ ward: 'algemeen', total: 4, free: 2, held: 0 }] }),
    testFacility({ facilityId: 'hk-delfshaven', kind: 'herstelkliniek', district: 'Delfshaven', wards: [{ ward: 'somatiek', total: 4, free: 2, held: 0 }] }),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

const ward = async (facilityId: string, name: string) => {
  const facilities = (await getJson(`${stack.url}/facilities`)).body as Array<{ facilityId: string; wards: Array<{ ward: string; total: number; free: number; held: number }> }>;
  return facilities.find((f) => f.facilityId === facilityId)?.wards.find((w) => w.ward === name);
};
const correct = (caseId: string, body: unknown, as?: string) => postJson(`${stack.url}/cases/${caseId}/decision`, body, as ? { as } : undefined);
const steps = (c: { timeline: Array<{ step: string }> }) => c.timeline.map((t) => t.step);

describe('POST /cases/{caseId}/decision', () => {
  let caseId = '';

  it('a wijkkliniek case with a held bed, corrected to the herstelkliniek: bed released, placed there anew, the tree’s decision kept', async () => {
    caseId = (await postJson(`${stack.url}/referrals`, pneumonia)).body.caseId;
    // The old execution waits for the facility (its token stored, the transfer nurse texted).
    const held = await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.status === 'bed_held' && c.timeline.at(-1).step === 'notified');
    expect(held.decision.destination).toBe('wijkkliniek');
    expect(await ward('wk-delfshaven', 'algemeen')).toMatchObject({ free: 1, held: 1 });

    // Only the coordinator corrects.
    expect((await correct(caseId, { destination: 'herstelkliniek', ward: 'somatiek', reason }, 'huisarts-jansen')).status).toBe(403);
    expect((await correct(caseId, { destination: 'herstelkliniek', ward: 'somatiek', reason }, 'triagist-hap')).status).toBe(403);
    // The body is checked at the edge, the field named.
    const bad = await correct(caseId, { destination: 'herstelkliniek', reason: ' ' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['reason', 'ward']);
    expect((await correct(caseId, { destination: 'call_112', reason })).status).toBe(400);

    const res = await correct(caseId, { destination: 'herstelkliniek', ward: 'somatiek', reason });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'triaged', decision: { destination: 'herstelkliniek', ward: 'somatiek', treatingPhysician: 'so', ruleId: 'coordinator_correction' } });
    expect(res.body.originalDecision).toEqual(held.decision);
    expect(res.body.amendments).toEqual([
      { at: expect.any(String), by: { username: 'coordinator-rotterdam', role: 'coordinator' }, reason, from: { destination: 'wijkkliniek' }, to: { destination: 'herstelkliniek', ward: 'somatiek' } },
    ]);
    expect(res.body.hold).toBeUndefined();
    // The bed went back in the same transaction.
    expect(await ward('wk-delfshaven', 'algemeen')).toMatchObject({ free: 2, held: 0 });
    // The waiting execution ended without a hand-over to the coordinator.
    expect((await finishedExecution(stack, caseId)).path.at(-1)).toBe('DecisionCorrected');

    // The new execution places the case at the new destination: the SO gate of the herstelkliniek, then the transfer nurse.
    const placed = await caseWithStatus(stack, caseId, ['bed_held', 'escalated']);
    expect(placed.status).toBe('bed_held');
    expect(placed.hold).toMatchObject({ facilityId: 'hk-delfshaven', ward: 'somatiek', awaitingSo: true });
    expect(placed.placement).toMatchObject({ destination: 'herstelkliniek', facilityId: 'hk-delfshaven', ward: 'somatiek' });
    // While the SO is asked, the SO answers first.
    expect((await correct(caseId, { destination: 'home', reason })).status).toBe(409);
    await soAgrees(stack, caseId);
    const told = await eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.timeline.at(-1).step === 'notified' && c.hold && !c.hold.awaitingSo);
    const after = steps(told).slice(steps(told).indexOf('decision_corrected'));
    expect(after).toEqual(['decision_corrected', 'bed_held', 'consultation_requested', 'consultation_answered', 'admission_clock_started', 'notified']);
    expect(told.timeline.find((t: { step: string }) => t.step === 'decision_corrected')).toMatchObject({
      by: { role: 'coordinator', id: 'coordinator-rotterdam' },
      detail: 'Besluit gecorrigeerd: van wijkkliniek naar herstelkliniek; vastgehouden bed vrijgegeven',
    });
    expect(told.decision.destination).toBe('herstelkliniek');
    expect(told.originalDecision.destination).toBe('wijkkliniek');
    const rerun = stack.engine.executions().find((e) => e.name === `${caseId}-correctie-${held.version}`);
    expect(rerun?.path.slice(0, 3)).toEqual(['IsPlacementAgain', 'PlaceCase', 'IsBedHeld']);
    expect(await ward('hk-delfshaven', 'somatiek')).toMatchObject({ free: 1, held: 1 });

    // The free-text reason never leaves the case: no SMS and no execution carries it.
    const outbox = (await getJson(`${stack.url}/local/outbox`)).body as Array<{ body: string }>;
    expect(outbox.filter((m) => m.body.includes('Functioneren'))).toEqual([]);
    for (const e of stack.engine.executions()) expect(JSON.stringify(e)).not.toContain('Functioneren');

    // The access log: the correction once (in its transaction), the two refusals, the attempt while the SO was asked.
    const entries = ((await documentClient().send(new QueryCommand({ TableName: config().tableName('audit'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': caseId } }))).Items ?? []) as Array<{ action: string; outcome: string; reason?: string; via: string }>;
    const corrections = entries.filter((e) => e.action === 'case.correct_decision');
    expect(corrections.map((e) => `${e.outcome}${e.reason ? `: ${e.reason}` : ''}`).sort()).toEqual(['allowed', 'allowed: niet uitgevoerd: ConflictError', 'refused: gp mag dit niet', 'refused: hap_triagist mag dit niet']);
    expect(corrections.every((e) => e.via === 'POST /cases/{caseId}/decision')).toBe(true);

    // Admitted: no more corrections.
    expect((await postJson(`${stack.url}/cases/${caseId}/admission`)).status).toBe(200);
    expect((await correct(caseId, { destination: 'home', reason })).status).toBe(409);
  }, 60_000);

  it('409 for a closed case and for a 112 decision; 404 for no case', async () => {
    const cancelled = await storeCase({ status: 'cancelled' }, pneumonia);
    expect((await correct(cancelled.caseId, { destination: 'home', reason })).status).toBe(409);
    const call112 = await storeCase({ status: 'call_112' }, referral({ presentation: { lifeThreatening: true, urgency: 'U1' } }));
    expect(call112.decision?.destination).toBe('call_112');
    const res = await correct(call112.caseId, { destination: 'seh', reason });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('112');
    expect((await correct('VT-NOPE00', { destination: 'home', reason })).status).toBe(404);
  });

  it('a correction that breaks an invariant needs overrideSafety, is marked, and stands first in the review list', async () => {
    // With the coordinator (no place found), an ACP "no hospital admission" wish.
    const at = new Date().toISOString();
    const gp = { role: 'gp', id: 'huisarts-jansen' };
    const acp = await storeCase(
      { status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' }, referredBy: 'huisarts-jansen', placement: { destination: 'coordinator', tried: [], at }, timeline: [{ at, step: 'referred', by: gp }] },
      referral({ acp: { noHospitalAdmission: true }, presentation: { medicalSpecialistCareNeeded: true, condition: 'urinary_tract_infection', safeAtHomeWithSupport: false } }),
    );
    expect(acp.decision?.destination).not.toBe('seh');
    const refused = await correct(acp.caseId, { destination: 'seh', reason: 'Familie wil toch beoordeling in het ziekenhuis' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'overrideSafety', message: expect.stringContaining('geen ziekenhuisopname') }]);
    expect((await getJson(`${stack.url}/cases/${acp.caseId}`)).body.amendments).toBeUndefined();

    const res = await correct(acp.caseId, { destination: 'seh', reason: 'Familie wil toch beoordeling in het ziekenhuis', overrideSafety: true });
    expect(res.status).toBe(202);
    expect(res.body.amendments[0]).toMatchObject({ overrideSafety: true, breaches: ['acp_no_hospital_not_seh'], to: { destination: 'seh' } });
    const notified = await caseWithStatus(stack, acp.caseId, ['notified', 'escalated']);
    expect(notified).toMatchObject({ status: 'notified', placement: { destination: 'seh' }, owner: gp });
    expect(steps(notified).slice(-3)).toEqual(['decision_corrected', 'placed', 'notified']);

    // The review list of this week: the overridden correction first, the other correction after it.
    const week = isoWeekOf(localDate(new Date()));
    const review = await getJson(`${stack.url}/review?week=${week}`);
    expect(review.status).toBe(200);
    const items = review.body.cases as Array<{ caseId: string; reasons: string[]; overrideSafety?: boolean; decided: { destination: string }; amendments?: unknown[] }>;
    expect(items[0]).toMatchObject({ caseId: acp.caseId, overrideSafety: true, decided: { destination: acp.decision?.destination }, reasons: expect.arrayContaining(['amended']) });
    expect(items.find((i) => i.caseId === caseId)).toMatchObject({ decided: { destination: 'wijkkliniek' }, reasons: ['amended'], amendments: [expect.objectContaining({ to: { destination: 'herstelkliniek', ward: 'somatiek' } })] });
    expect(items.find((i) => i.caseId === caseId)?.overrideSafety).toBeUndefined();
  }, 30_000);

  it('a coordinator of another region is refused', async () => {
    const other = await storeCase({ status: 'escalated' }, pneumonia);
    const refused = await postJson(`${stack.url}/cases/${other.caseId}/decision`, { destination: 'home', reason }, {
      as: { username: 'coordinator-denhaag', role: 'coordinator', region: 'den-haag', name: 'Elders' },
    });
    expect(refused.status).toBe(403);
  });
});
