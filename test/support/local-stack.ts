import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/local-stack';
import type { Execution } from '../../local/workflow-engine';
import { readOutbox } from '../../local/outbox';
import { smsLeaks } from '../../functions/domain/sms-privacy';

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

async function request(url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

export const postJson = (url: string, body?: unknown) => request(url, 'POST', body);
export const putJson = (url: string, body: unknown) => request(url, 'PUT', body);
export const getJson = (url: string) => request(url, 'GET');

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
