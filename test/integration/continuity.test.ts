import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, scanAll } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import { caseIndexes } from '../../functions/entities/case';
import { currentTree } from '../../functions/domain/triage/trees';
import type { LocalStack } from '../../local/local-stack';
import { scanExecutions } from '../support/execution-scan';
import { caseWithStatus, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';

/**
 * Issue 11: cases of one person are linked by the pseudonymous patient key. Three referrals
 * of one BSN placed in a wijkkliniek within minutes: the third is flagged "3e verplaatsing in
 * 10 dagen" (answer, timeline, case page data, overview); a referral within 72 h of a
 * discharge is a return; a GP sees another GP's earlier case counted, not named.
 */
let stack: LocalStack;
const bsn = '111222333';
const pneumonia = (changes: { bsn?: string } = { bsn }) =>
  referral({ patient: changes, presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
const casesTable = () => config().tableName('cases');
const items = () => scanAll({ TableName: casesTable(), ConsistentRead: true }) as Promise<Array<Record<string, any>>>;

const refer = async (body: unknown, as = 'huisarts-jansen') => {
  const res = await postJson(`${stack.url}/referrals`, body, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { caseId: string; continuity: { linked: boolean; flags: string[] } };
};

const ids: string[] = [];
let third: { caseId: string; continuity: { linked: boolean; flags: string[] } };

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion([testFacility({ facilityId: 'wk-delfshaven', kind: 'wijkkliniek', district: 'Delfshaven', wards: [{ ward: 'algemeen', total: 10, free: 10, held: 0 }] })]);
  // Move 1 (Dr. Jansen) and move 2 (Dr. Bakker, whose case Dr. Jansen may not open): both a held wijkkliniek bed.
  for (const as of ['huisarts-jansen', 'huisarts-bakker']) {
    const created = await refer(pneumonia(), as);
    expect(created.continuity).toEqual({ linked: true, flags: [] });
    await caseWithStatus(stack, created.caseId, ['bed_held']);
    ids.push(created.caseId);
  }
  third = await refer(pneumonia());
  await caseWithStatus(stack, third.caseId, ['bed_held']);
}, 90_000);
afterAll(async () => {
  await stack?.stop();
});

describe('a third move within 10 days', () => {
  it('is flagged many_moves in the referrer\'s answer and on the timeline', async () => {
    expect(third.continuity).toEqual({ linked: true, flags: ['many_moves'] });
    const c = (await getJson(`${stack.url}/cases/${third.caseId}`, { as: 'huisarts-jansen' })).body;
    const flagged = c.timeline.find((t: { step: string }) => t.step === 'continuity_many_moves');
    expect(flagged?.detail).toBe('3e verplaatsing in 10 dagen');
    expect(c.timeline.map((t: { step: string }) => t.step).slice(0, 2)).toEqual(['referred', 'continuity_many_moves']);
  });

  it('the case page data: moves counted, the GP\'s own earlier case named, the other GP\'s counted only', async () => {
    const [first, second] = ids;
    const asGp = (await getJson(`${stack.url}/cases/${third.caseId}`, { as: 'huisarts-jansen' })).body;
    expect(asGp.continuity).toEqual({ linked: true, flags: ['many_moves'], previousCaseIds: [first], hiddenPreviousCases: 1, movesLast10Days: 3, returnWithin72h: false });
    expect(asGp).not.toHaveProperty('patientKey');
    const asCoordinator = (await getJson(`${stack.url}/cases/${third.caseId}`)).body;
    expect(asCoordinator.continuity).toMatchObject({ previousCaseIds: [second, first], hiddenPreviousCases: 0 });
    // The earlier cases were read for it, and logged under their own ids.
    const log = (await postJson(`${stack.url}/audit/search`, { bsn }, { as: 'privacy-rotterdam' })).body.entries as Array<{ caseId: string; action: string; actor: { username: string } }>;
    expect(log.filter((e) => e.action === 'case.link' && e.actor.username === 'huisarts-jansen').map((e) => e.caseId)).toEqual(expect.arrayContaining([first, second]));
  });

  it('the coordinator\'s overview shows the flag', async () => {
    const overview = (await getJson(`${stack.url}/cases`)).body.cases as Array<{ caseId: string; continuity?: { flags: string[] } }>;
    expect(overview.find((c) => c.caseId === third.caseId)?.continuity?.flags).toEqual(['many_moves']);
    expect(overview.find((c) => c.caseId === ids[0])?.continuity?.flags).toEqual([]);
  });
});

describe('a return within 72 hours of a discharge', () => {
  it('is flagged return_72h', async () => {
    const first = ids[0] as string;
    expect((await postJson(`${stack.url}/cases/${first}/admission`)).status).toBe(200);
    const discharged = await postJson(`${stack.url}/cases/${first}/discharge`, { dischargedTo: 'home' });
    expect(discharged.status, JSON.stringify(discharged.body)).toBe(200);
    const again = await refer(referral({ patient: { bsn } }));
    expect(again.continuity.flags).toContain('return_72h');
    const c = (await getJson(`${stack.url}/cases/${again.caseId}`)).body;
    expect(c.continuity.returnWithin72h).toBe(true);
    expect(c.timeline.find((t: { step: string }) => t.step === 'continuity_return_72h')?.detail).toBe('Terug binnen 72 uur na ontslag');
  });
});

describe('without a BSN', () => {
  it('the case is not linked, and says so', async () => {
    const created = await refer(pneumonia({}));
    expect(created.continuity).toEqual({ linked: false, flags: [] });
    // Its own move counts; nobody else's is known.
    const c = await caseWithStatus(stack, created.caseId, ['bed_held']);
    expect(c.continuity).toEqual({ linked: false, flags: [], previousCaseIds: [], hiddenPreviousCases: 0, movesLast10Days: 1, returnWithin72h: false });
    expect((await items()).find((i) => i.caseId === created.caseId)).not.toHaveProperty('patientKey');
  });
});

describe('the patient key', () => {
  it('is never the BSN: a keyed hash, the same for every case of the person', async () => {
    const linked = (await items()).filter((i) => i.referral?.patient?.bsn === bsn);
    expect(linked.length).toBeGreaterThanOrEqual(4);
    const keys = new Set(linked.map((i) => i.patientKey));
    expect(keys.size).toBe(1);
    const [key] = [...keys] as string[];
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(bsn);
  });

  it('no index of the cases table holds the BSN or any referral fact', async () => {
    const { Table } = await documentClient().send(new DescribeTableCommand({ TableName: casesTable() }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    expect(indexes.map((i) => i.IndexName)).toContain(caseIndexes.byPatient);
    for (const index of indexes) expect([index.IndexName, index.Projection?.ProjectionType]).toEqual([index.IndexName, 'KEYS_ONLY']);
    const byPatient = indexes.find((i) => i.IndexName === caseIndexes.byPatient);
    expect(byPatient?.KeySchema).toEqual([{ AttributeName: 'patientKey', KeyType: 'HASH' }, { AttributeName: 'createdAt', KeyType: 'RANGE' }]);
    const entries = await scanAll({ TableName: casesTable(), IndexName: caseIndexes.byPatient });
    expect(entries.length).toBeGreaterThanOrEqual(4);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(['caseId', 'createdAt', 'patientKey']);
      expect(JSON.stringify(entry)).not.toContain(bsn);
    }
  });

  it('stays out of every Step Functions payload', async () => {
    const key = (await items()).find((i) => i.referral?.patient?.bsn === bsn)?.patientKey as string;
    const executions = [...stack.engine.executions(), ...stack.consultationEngine.executions()];
    expect(executions.length).toBeGreaterThanOrEqual(5);
    const findings = scanExecutions(executions, { bsn, postcode: '3021 AB', age: 84, texts: [key] }, currentTree).filter((f) => /patientKey|the BSN|free text/.test(f.what));
    expect(findings).toEqual([]);
  });
});
