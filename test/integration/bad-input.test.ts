import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import type { LocalStack } from '../../local/local-stack';
import { storeCase } from '../support/cases';
import { postJson, putJson, getJson, startTestStack, tokenFor } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * Bad input, fuzzed over every route that takes a body or a path parameter: always a 4xx
 * with a clear message, never a 5xx, never a stored fragment. Signed in as a user who may
 * use the route, so the input itself is what is judged.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const count = async (table: 'cases' | 'facilities' | 'rosters' | 'consultations') => (await scanAll({ TableName: config().tableName(table) })).length;
const clear = (res: { status: number; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  if (typeof res.body === 'string') return expect(res.body.length).toBeGreaterThan(0); // the answer page
  const body = res.body as { message?: unknown; errors?: Array<{ path: unknown; message: unknown }> };
  expect(typeof body.message === 'string' || (Array.isArray(body.errors) && body.errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string'))).toBe(true);
};
const segment = fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s));
const runs = { numRuns: 40 };

describe('fuzzed bodies and path parameters', () => {
  it('POST /referrals: any JSON that is no referral gets 400 naming fields, and no case', async () => {
    const before = await count('cases');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const res = await postJson(`${stack.url}/referrals`, JSON.stringify(body));
        clear(res);
      }),
      runs,
    );
    expect(await count('cases')).toBe(before);
  });

  it('the case routes: any case id and any body get a 4xx', async () => {
    const before = await count('cases');
    await fc.assert(
      fc.asyncProperty(segment, fc.jsonValue(), async (id, body) => {
        clear(await getJson(`${stack.url}/cases/${id}`));
        for (const action of ['cancel', 'admission', 'discharge', 'placement']) clear(await postJson(`${stack.url}/cases/${id}/${action}`));
        clear(await postJson(`${stack.url}/cases/${id}/escalations`, JSON.stringify(body)));
      }),
      { numRuns: 15 },
    );
    expect(await count('cases')).toBe(before);
  });

  it('an SO request on a real case: any body that is not { note, urgency } gets 400 and changes nothing', async () => {
    const c = await storeCase({ status: 'notified' });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        clear(await postJson(`${stack.url}/cases/${c.caseId}/escalations`, JSON.stringify(body)));
      }),
      runs,
    );
    expect((await getJson(`${stack.url}/cases/${c.caseId}`)).body.version).toBe(c.version);
  });

  it('the bed board and the rosters: any facility, ward, key or body gets a 4xx, and nothing is stored', async () => {
    const before = [await count('facilities'), await count('rosters')];
    await fc.assert(
      fc.asyncProperty(segment, segment, fc.jsonValue(), async (a, b, body) => {
        clear(await putJson(`${stack.url}/facilities/${a}/wards/${b}`, JSON.stringify(body)));
        clear(await putJson(`${stack.url}/rosters/${a}/slots/${b}`, JSON.stringify(body)));
      }),
      runs,
    );
    expect([await count('facilities'), await count('rosters')]).toEqual(before);
  });

  it('refuses absurd bed counts', async () => {
    const res = await putJson(`${stack.url}/facilities/wk-kralingen/wards/algemeen`, { total: 1e12, free: 1e12 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['total']));
  });

  it('the SMS answer link: any token and any form get a 4xx page, and no consultation changes', async () => {
    const before = await count('consultations');
    await fc.assert(
      fc.asyncProperty(segment, fc.dictionary(fc.string(), fc.string()), async (token, fields) => {
        const get = await fetch(`${stack.url}/c/${token}`);
        expect(get.status).toBeGreaterThanOrEqual(400);
        expect(get.status).toBeLessThan(500);
        const post = await fetch(`${stack.url}/c/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
        expect(post.status).toBeGreaterThanOrEqual(400);
        expect(post.status).toBeLessThan(500);
      }),
      runs,
    );
    expect(await count('consultations')).toBe(before);
  });
});

describe('bodies of the wrong size or kind', () => {
  it('a body over the limit gets 413, not 500', async () => {
    const huge = JSON.stringify({ patient: { note: 'x'.repeat(200_000) } });
    const res = await postJson(`${stack.url}/referrals`, huge);
    expect(res.status).toBe(413);
    expect(typeof res.body.message).toBe('string');
  });

  it('a JSON route given another content type gets 415 (no cross-site form posts); a POST without a body stays fine', async () => {
    const token = await tokenFor(stack.url, 'huisarts-jansen');
    const form = await fetch(`${stack.url}/referrals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'patient=1',
    });
    expect(form.status).toBe(415);
    const text = await fetch(`${stack.url}/referrals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    const c = await storeCase({ status: 'notified', referredBy: 'huisarts-jansen' });
    const cancel = await fetch(`${stack.url}/cases/${c.caseId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(cancel.status).toBe(200);
  });
});

describe('the same referral sent twice with one Idempotency-Key', () => {
  it('makes one case, and the second answer equals the first; another body under that key is refused', async () => {
    const body = referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } });
    const key = `his-${Date.now()}-verwijzing-1`;
    const before = await count('cases');
    const first = await postJson(`${stack.url}/referrals`, body, { headers: { 'idempotency-key': key } });
    const second = await postJson(`${stack.url}/referrals`, body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await count('cases')).toBe(before + 1);
    const other = await postJson(`${stack.url}/referrals`, referral({ patient: { age: 91 } }), { headers: { 'idempotency-key': key } });
    expect(other.status).toBe(409);
    // Someone else's identical key is their own request.
    const asOther = await postJson(`${stack.url}/referrals`, body, { as: 'huisarts-bakker', headers: { 'idempotency-key': key } });
    expect(asOther.status).toBe(201);
    expect(asOther.body.caseId).not.toBe(first.body.caseId);
  });
});
