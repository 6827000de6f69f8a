import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import type { Case, TimelineEntry } from '../../functions/domain/case';
import { handler } from '../../functions/handlers/anonymise-old-cases';
import type { LocalStack } from '../../local/local-stack';
import { fakeLambdaContext } from '../../local/workflow-engine';
import { storeCase } from '../support/cases';
import { getJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';

/**
 * The retention on the real parts: cases stored as they were more than 400 days ago (with a
 * BSN, names, free text), the job AnonymiseOldCases run as its schedule runs it. The stack's
 * own schedule runs it once at start (on empty tables), then not for an hour.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false, jobs: { AnonymiseOldCases: { everySeconds: 3600 } } });
  await seedRegion([testFacility({ facilityId: 'hk-oud', kind: 'herstelkliniek', district: 'Delfshaven', wards: [{ ward: 'somatiek', total: 3, free: 3, held: 0 }] })]);
});
afterAll(async () => {
  await stack?.stop();
});

const day = 86_400_000;
const ago = (days: number, minutes = 0) => new Date(Date.now() - days * day + minutes * 60_000).toISOString();
const localDate = (days: number) => ago(days).slice(0, 10);
const runJob = () => handler({ graceDays: 30 }, fakeLambdaContext('AnonymiseOldCases') as never) as Promise<{ anonymised: string[]; moved: string[] }>;
const raw = async (caseId: string) => (await documentClient().send(new GetCommand({ TableName: config().tableName('cases'), Key: { caseId } }))).Item as Record<string, unknown>;
const entriesOf = async (caseId: string) =>
  ((await documentClient().send(new QueryCommand({ TableName: config().tableName('audit'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': caseId } }))).Items ?? []) as Array<Record<string, unknown>>;

const gp = { role: 'gp', id: 'huisarts-jansen', name: 'Dr. Jansen' };
const bsn = '111222333';

/** A case as its people left it: a BSN, a GP's name, free text on every step. */
function oldCase(status: Case['status'], days: number, steps: Array<[step: string, minutes: number]>) {
  const timeline: TimelineEntry[] = [
    { at: ago(days), step: 'referred', by: gp, detail: 'Verwijzing ontvangen van de huisarts' },
    ...steps.map(([step, minutes]): TimelineEntry => ({ at: ago(days, minutes), step, by: { role: 'coordinator', id: 'coordinator-rotterdam', name: 'Co Ordinator' }, detail: `vrije tekst bij ${step}` })),
  ];
  const admitted = steps.some(([s]) => s === 'admission_confirmed');
  return storeCase(
    {
      status,
      district: 'Delfshaven',
      referredBy: 'huisarts-jansen',
      workflowStartedBy: 'huisarts-jansen',
      consultedUsernames: ['so-de-vries'],
      owner: gp,
      ...(admitted ? { placement: { destination: 'herstelkliniek', facilityId: 'hk-oud', ward: 'somatiek', tried: [], at: ago(days, 3) } } : {}),
      timeline,
      createdAt: ago(days),
      updatedAt: timeline.at(-1)?.at ?? ago(days),
    },
    referral({ patient: { bsn, age: 87, postcode: '3021 AB' }, presentation: { safeAtHomeWithSupport: false } }),
  );
}

describe('the job AnonymiseOldCases', () => {
  it('anonymises the closed cases past the retention and the open ones past the grace, leaves the rest, and counts them in the figures as before', async () => {
    const closed = [
      ...(await Promise.all([440, 441, 442, 443, 444].map((d) => oldCase('discharged', d, [['triaged', 2], ['bed_held', 3], ['admission_confirmed', 60], ['discharged', 7 * 24 * 60]])))),
      await oldCase('cancelled', 445, [['triaged', 2], ['cancelled', 30]]),
      await oldCase('call_112', 446, [['triaged', 1]]),
    ];
    const openPastGrace = await oldCase('escalated', 447, [['triaged', 2], ['escalated', 5]]);
    const openInGrace = await oldCase('admission_confirmed', 415, [['triaged', 2], ['bed_held', 3], ['admission_confirmed', 60]]);
    const young = await oldCase('discharged', 10, [['triaged', 2], ['discharged', 60]]);
    const due = [...closed, openPastGrace];
    const untouched = await Promise.all([openInGrace, young].map((c) => raw(c.caseId)));

    const figures = `${stack.url}/figures?from=${localDate(460)}&to=${localDate(430)}`;
    const before = await getJson(figures, { as: 'coordinator-rotterdam' });
    expect(before.status).toBe(200);
    expect(before.body.referrals.total).toBe(due.length);

    const first = await runJob();
    expect(first.anonymised.sort()).toEqual(due.map((c) => c.caseId).sort());
    expect(first.moved).toEqual([]);

    for (const c of due) {
      const item = await raw(c.caseId);
      const text = JSON.stringify(item);
      expect(text).not.toMatch(/111222333|3021|postcode|"age"|huisarts-jansen|Jansen|coordinator-rotterdam|Ordinator|so-de-vries|vrije tekst|Verwijzing ontvangen/);
      expect(item).toMatchObject({ status: c.status, district: 'Delfshaven', createdAt: c.createdAt, version: c.version + 1, referral: { patient: { ageBand: '80-89' }, referrer: { role: 'gp' } } });
      expect(item.anonymisedAt).toEqual(expect.any(String));
      expect((item.timeline as TimelineEntry[]).map((e) => [e.at, e.step, e.by.role])).toEqual(c.timeline.map((e) => [e.at, e.step, e.by.role]));
      expect((item.decision as { destination: string }).destination).toBe(c.decision?.destination);
      // One entry in the access log: the system, by the job; the patient key, never the BSN.
      const entries = await entriesOf(c.caseId);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'workflow.update', via: 'schedule:AnonymiseOldCases', actor: { role: 'system', username: 'verkeerstoren' }, outcome: 'allowed', patientKey: expect.any(String) });
      expect(JSON.stringify(entries[0])).not.toContain(bsn);
    }

    // The figures count them as before.
    const after = await getJson(figures, { as: 'coordinator-rotterdam' });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    // An anonymised case still reads as a case, for whoever may see it.
    const page = await getJson(`${stack.url}/cases/${closed[0]?.caseId}`, { as: 'coordinator-rotterdam' });
    expect(page.status).toBe(200);
    expect(page.body.referral.patient).toEqual({ ageBand: '80-89', livesAlone: false, informalCarerAvailable: true });

    // Young, or open and within the grace: untouched, and nothing in the access log.
    for (const [i, c] of [openInGrace, young].entries()) {
      expect(await raw(c.caseId)).toEqual(untouched[i]);
      expect(await entriesOf(c.caseId)).toEqual([]);
    }

    // A second run changes nothing.
    const items = await Promise.all(due.map((c) => raw(c.caseId)));
    expect(await runJob()).toEqual({ anonymised: [], moved: [] });
    expect(await Promise.all(due.map((c) => raw(c.caseId)))).toEqual(items);
    // (The case page read above is an entry of its own.)
    for (const c of due) expect((await entriesOf(c.caseId)).filter((e) => e.via === 'schedule:AnonymiseOldCases')).toHaveLength(1);
  });
});
