import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { useClock } from '../../functions/adapters/deps';
import { config } from '../../functions/config';
import { computeFigures, showFigures } from '../../functions/domain/figures';
import { localPeriod } from '../../functions/domain/local-date';
import { hospitalStay } from '../../functions/domain/outcomes';
import { systemClock } from '../../functions/domain/ports';
import type { LocalStack } from '../../local/local-stack';
import { putAll } from '../../local/seed';
import { asFiguresCase, historyFacilities, period, seededHistory } from '../support/history';
import { getJson, startTestStack, tokenFor } from '../support/local-stack';
import { seedRegion } from '../support/region';

/**
 * The figures, the weekly review and the what-if through the API, on the seeded history of
 * 236 cases in DynamoDB Local: read through the keys-only byRegion index and projected batch
 * reads, each request one entry in the access log; the coordinator and the privacy officer
 * see aggregates with the small cells hidden, the review is the coordinator's alone.
 */
let stack: LocalStack;
const history = seededHistory();
const now = new Date('2026-12-01T12:00:00Z');
const q = `from=${period.from}&to=${period.to}`;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  await seedRegion(historyFacilities());
  await putAll('cases', history as unknown as Array<Record<string, unknown>>);
  useClock({ now: () => now });
});
afterAll(async () => {
  useClock(systemClock);
  await stack?.stop();
});

const entriesOf = async (subject: string) =>
  ((await documentClient().send(new QueryCommand({ TableName: config().tableName('audit'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': subject } }))).Items ?? []) as Array<{
    action: string;
    outcome: string;
    via: string;
    actor: { username: string };
  }>;

describe('GET /figures', () => {
  it('gives the coordinator every figure of the period, as the domain counts them from the same cases', async () => {
    const res = await getJson(`${stack.url}/figures?${q}`, { as: 'coordinator-rotterdam' });
    expect(res.status).toBe(200);
    const expected = showFigures(computeFigures({ cases: history.map(asFiguresCase), facilities: historyFacilities(), period: localPeriod(period.from, period.to), now, hospitalStay: hospitalStay(undefined) }));
    expect(res.body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(res.body).toMatchObject({
      from: '2026-11-02', to: '2026-11-29', district: null,
      referrals: { total: 233, byReferrerRole: { gp: 191, hap_triagist: 42 } },
      sehAvoidedShare: 0.814,
      minutes: { toDecision: { n: 232, median: 2, p90: 5 }, toBedHeld: { n: 80, median: 3, p90: 10 }, toAdmission: { n: 75, median: 63, p90: 90 } },
      so: { consultations: 30, answerMinutes: { n: 30, median: 33, p90: 57 }, escalationRate: 0.2 },
      holdsExpired: 7,
      fitButNoBed: { herstelkliniek: 'x', wijkkliniek: 12, reo_bed: '<5' },
      bedDaysAvoided: { days: 1050, cases: 175, averageStayDays: 6 },
    });
    expect(res.body.occupancy).toHaveLength(112);
  });

  it('gives the privacy officer the same aggregates, with nothing about one patient in them', async () => {
    const res = await getJson(`${stack.url}/figures?${q}`, { as: 'privacy-rotterdam' });
    expect(res.status).toBe(200);
    expect(res.body.referrals.total).toBe(233);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/VT-H\d|huisarts-jansen|3021 AB|"timeline"/);
  });

  it('per district, hiding the HAP’s 2 of 20 and the GP’s 18 beside it', async () => {
    const res = await getJson(`${stack.url}/figures?${q}&district=Charlois`, { as: 'coordinator-rotterdam' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ district: 'Charlois', referrals: { total: 20, byReferrerRole: { gp: 'x', hap_triagist: '<5' } } });
  });

  it('gives each table as CSV, as a download', async () => {
    const token = await tokenFor(new URL(stack.url).origin, 'coordinator-rotterdam');
    const res = await fetch(`${stack.url}/figures?${q}&format=csv&table=fitButNoBed`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cijfers-fitButNoBed-2026-11-02-2026-11-29.csv"');
    expect(await res.text()).toBe('kind,count\nherstelkliniek,x\nwijkkliniek,12\nreo_bed,<5\n');
    const minutes = await getJson(`${stack.url}/figures?${q}&format=csv&table=minutes`, { as: 'privacy-rotterdam' });
    expect(minutes.body).toBe('measure,n,median,p90\ntoDecision,232,2,5\ntoBedHeld,80,3,10\ntoAdmission,75,63,90\n');
  });

  it.each([
    ['from=2026-11-29&to=2026-11-02', 'to'],
    ['from=2026-02-30&to=2026-03-02', 'from'],
    ['from=2025-01-01&to=2026-11-29', 'to'],
    [`${q}&district=Atlantis`, 'district'],
    [`${q}&format=csv`, 'table'],
    [`${q}&format=csv&table=patients`, 'table'],
    ['to=2026-11-29', 'from'],
  ])('answers 400 naming the field for %s', async (query, path) => {
    const res = await getJson(`${stack.url}/figures?${query}`, { as: 'coordinator-rotterdam' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses every other role, and logs the refusal', async () => {
    for (const as of ['huisarts-jansen', 'triagist-hap', 'tvp-wk-kralingen', 'bedbeheer-wk-kralingen']) {
      const res = await getJson(`${stack.url}/figures?${q}`, { as });
      expect(res.status, as).toBe(403);
    }
    const refused = (await entriesOf('cijfers:rotterdam')).filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.actor.username).sort()).toEqual(['bedbeheer-wk-kralingen', 'huisarts-jansen', 'triagist-hap', 'tvp-wk-kralingen']);
    expect(refused.every((e) => e.action === 'figures.read' && e.via === `GET /figures?${q}`)).toBe(true);
  });

  it('logs each read of the figures once, under cijfers:rotterdam, with the query', async () => {
    const before = (await entriesOf('cijfers:rotterdam')).length;
    await getJson(`${stack.url}/figures?${q}&district=Delfshaven`, { as: 'privacy-rotterdam' });
    const entries = await entriesOf('cijfers:rotterdam');
    expect(entries).toHaveLength(before + 1);
    expect(entries.filter((e) => e.via === `GET /figures?${q}&district=Delfshaven`)).toEqual([expect.objectContaining({ action: 'figures.read', outcome: 'allowed', actor: expect.objectContaining({ username: 'privacy-rotterdam' }) })]);
  });
});

describe('GET /review', () => {
  it('gives the coordinator week 48’s cases that ended elsewhere than decided, with their timelines, logged once as case.review', async () => {
    const res = await getJson(`${stack.url}/review?week=2026-W48`, { as: 'coordinator-rotterdam' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ week: '2026-W48', from: '2026-11-23', to: '2026-11-29' });
    expect(res.body.cases).toHaveLength(25);
    const reasons = res.body.cases.map((c: { reasons: string[] }) => c.reasons.join());
    expect(reasons.filter((r: string) => r === 'fallback')).toHaveLength(18);
    expect(reasons.filter((r: string) => r === 'correction')).toHaveLength(5);
    expect(reasons.filter((r: string) => r === 'placed_again')).toHaveLength(2);
    expect(res.body.cases[0].timeline.length).toBeGreaterThan(1);
    expect(JSON.stringify(res.body)).not.toContain('"bsn"');
    const entries = await entriesOf('weekreview:rotterdam');
    expect(entries).toEqual([expect.objectContaining({ action: 'case.review', outcome: 'allowed', via: 'GET /review?week=2026-W48' })]);
  });

  it('is the coordinator’s only: the privacy officer sees the figures, not the timelines', async () => {
    expect((await getJson(`${stack.url}/review?week=2026-W48`, { as: 'privacy-rotterdam' })).status).toBe(403);
    expect((await getJson(`${stack.url}/review?week=2026-W54`, { as: 'coordinator-rotterdam' })).status).toBe(400);
  });
});

describe('GET /figures/whatif', () => {
  it('replays the last days’ referrals against the bed board of now and with N more beds per kind', async () => {
    const res = await getJson(`${stack.url}/figures/whatif?extra=3&days=92`, { as: 'coordinator-rotterdam' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ extra: 3, days: 92, referrals: 236, beds: { baseline: { herstelkliniek: 46, wijkkliniek: 50, reo_bed: 8 }, scenario: { herstelkliniek: 49, wijkkliniek: 53, reo_bed: 11 } } });
    expect(Object.keys(res.body.baseline)).toEqual(['byDestination', 'placedAt', 'fitButNoBed', 'placedByFallback', 'seh', 'occupancy', 'bedDaysAvoided']);
    expect(res.body.scenario.occupancy.wijkkliniek.beds).toBe(53);
    expect((await entriesOf('cijfers:rotterdam')).some((e) => e.via === 'GET /figures/whatif?extra=3&days=92')).toBe(true);
  });

  it('is the coordinator’s; bounds say so in Dutch', async () => {
    expect((await getJson(`${stack.url}/figures/whatif?extra=2`, { as: 'privacy-rotterdam' })).status).toBe(403);
    const res = await getJson(`${stack.url}/figures/whatif?extra=500`, { as: 'coordinator-rotterdam' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'extra', message: 'hoogstens 50' }]);
  });
});
