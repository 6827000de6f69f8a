import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../../local/local-stack';

/** The local stack on the shared DynamoDB Local, with tables of its own. */
export function startTestStack(): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomUUID().slice(0, 8)}-`,
  });
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}
