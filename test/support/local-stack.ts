import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/local-stack';
import type { Execution } from '../../local/workflow-engine';

/** The local stack on the shared DynamoDB Local, with tables of its own. */
export function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomUUID().slice(0, 8)}-`,
    ...options,
  });
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

export const finishedExecution = (stack: LocalStack, caseId: string): Promise<Execution> =>
  eventually(
    () => stack.engine.describe(executionArn(caseId)) as Execution,
    (e) => !!e && e.status !== 'RUNNING',
  );
