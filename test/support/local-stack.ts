import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/local-stack';
import type { Execution } from '../../local/workflow-engine';
import { readOutbox } from '../../local/outbox';
import { smsLeaks } from '../../functions/domain/sms-privacy';
import type { Principal } from '../../functions/domain/principal';

/**
 * The local stack on the shared DynamoDB Local, with tables of its own. Stopping it scans
 * every SMS it sent for identifying details (BSN, postcode, date, diagnosis) and fails
 * the suite on any leak.
 */
export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomUUID().slice(0, 8)}-`,
    ...options,
  });
  identities.set(new URL(stack.url).origin, stack.identity);
  const stop = stack.stop;
  return {
    ...stack,
    stop: async () => {
      const messages = await readOutbox();
      await stop();
      const leaks = messages.flatMap((m) => smsLeaks(m.body).map((leak) => `${leak} in "${m.body}"`));
      if (leaks.length) throw new Error(`SMS carried identifying details:\n${leaks.join('\n')}`);
      if (messages.length) console.log(`privacy scan: ${messages.length} SMS checked, no identifying details`);
    },
  };
}

/** Who a test request is made by: a seeded username (signed in through POST /local/sign-in), or any principal. */
export type As = string | Principal;

const tokens = new Map<string, Promise<string>>();
const identities = new Map<string, LocalStack['identity']>();

/** A bearer token for a seeded user (through the local sign-in, as the web app does) or for a made-up principal. */
export function tokenFor(origin: string, as: As): Promise<string> {
  const key = `${origin} ${typeof as === 'string' ? as : JSON.stringify(as)}`;
  let token = tokens.get(key);
  if (!token) {
    token =
      typeof as === 'string'
        ? fetch(`${origin}/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: as }) }).then(async (res) => {
            if (res.status !== 200) throw new Error(`sign-in as ${as}: ${res.status} ${await res.text()}`);
            return ((await res.json()) as { token: string }).token;
          })
        : (() => {
            const identity = identities.get(origin);
            if (!identity) throw new Error(`no test stack at ${origin}`);
            return identity.sign(as).then((t) => t.token);
          })();
    tokens.set(key, token);
    token.catch(() => tokens.delete(key));
  }
  return token;
}

/**
 * Who makes a request when the test does not say: a GP refers (the HAP triagist when the
 * referral says so, and for an SO request), the coordinator does the rest (every case of
 * the region is theirs to see and act on).
 */
function defaultUser(method: string, path: string, body: unknown): string {
  if (method === 'POST' && path === '/referrals') {
    return (body as { referrer?: { role?: string } } | undefined)?.referrer?.role === 'hap_triagist' ? 'triagist-hap' : 'huisarts-jansen';
  }
  if (method === 'POST' && /\/escalations$/.test(path)) return 'triagist-hap';
  return 'coordinator-rotterdam';
}

export interface RequestOptions {
  as?: As | null;
  headers?: Record<string, string>;
}

async function request(url: string, method: string, body?: unknown, options: RequestOptions = {}): Promise<{ status: number; body: any }> {
  const { origin, pathname } = new URL(url);
  const as = options.as === undefined ? defaultUser(method, pathname, body) : options.as;
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${await tokenFor(origin, as)}` } : {}), ...options.headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a CSV or a page): the text as it is
  }
  return { status: res.status, body: parsed };
}

export const postJson = (url: string, body?: unknown, options?: RequestOptions) => request(url, 'POST', body, options);
export const putJson = (url: string, body: unknown, options?: RequestOptions) => request(url, 'PUT', body, options);
export const getJson = (url: string, options?: RequestOptions) => request(url, 'GET', undefined, options);

export const executionArn = (caseId: string) => `arn:aws:states:eu-central-1:000000000000:execution:ReferralWorkflow:${caseId}`;

/** Polls until `check` passes or the time is up; returns the last value. */
export async function eventually<T>(read: () => Promise<T> | T, check: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const caseWithStatus = (stack: LocalStack, caseId: string, statuses: string[]) =>
  eventually(
    async () => (await getJson(`${stack.url}/cases/${caseId}`)).body,
    (c) => statuses.includes(c.status),
  );

export const finishedExecution = (stack: LocalStack, caseId: string, timeoutMs?: number): Promise<Execution> =>
  eventually(
    () => stack.engine.describe(executionArn(caseId)) as Execution,
    (e) => !!e && e.status !== 'RUNNING',
    timeoutMs,
  );

/**
 * The on-call SO agrees to a herstelkliniek admission (from tree v2 on the SO is asked
 * first, with the bed held): answers the link texted for the case, and waits until the
 * admission clock runs.
 */
export async function soAgrees(stack: LocalStack, caseId: string, answer: 'accept' | 'advise' = 'accept') {
  const texts = await eventually(
    async () => ((await getJson(`${stack.url}/local/outbox`)).body as Array<{ caseId: string; body: string }>).filter((m) => m.caseId === caseId && /\/c\/[\w-]+/.test(m.body)),
    (ms) => ms.length > 0,
  );
  const link = /(http:\/\/\S+\/c\/[\w-]+)/.exec(texts.at(-1)?.body ?? '')?.[1] ?? '';
  const fields: Record<string, string> = answer === 'advise' ? { answer, advice: 'Advies voor de opname' } : { answer };
  const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  if (res.status !== 200) throw new Error(`the SO's answer was refused: ${res.status}`);
  // The clock's start is on the timeline even when a later step has already moved the case on.
  return eventually(async () => (await getJson(`${stack.url}/cases/${caseId}`)).body, (c) => c.timeline.some((t: { step: string }) => t.step === 'admission_clock_started'));
}
