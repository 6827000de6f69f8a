import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpHandler, sourceOf } from '../../functions/lib/http';
import { CaseNotFoundError, ConflictError, HoldExpiredError } from '../../functions/domain/errors';

const event = (headers: Record<string, string>, sourceIp = '130.176.1.2') =>
  ({ headers, requestContext: { http: { sourceIp } } }) as unknown as APIGatewayProxyEventV2;

describe('where a request came from, for the access log', () => {
  it('is the source address when called directly (and locally)', () => {
    expect(sourceOf(event({}, '203.0.113.9'))).toBe('203.0.113.9');
  });

  it('behind CloudFront is the viewer address, with the edge it came through', () => {
    expect(sourceOf(event({ 'cloudfront-viewer-address': '198.51.100.10:46532' }))).toBe('198.51.100.10 via 130.176.1.2');
    expect(sourceOf(event({ 'cloudfront-viewer-address': '2001:db8::7:443' }))).toBe('2001:db8::7 via 130.176.1.2');
  });

  it('trusts no claims an authorizer or the caller put in the event: without a verified token the answer is 401', async () => {
    const withClaims = { ...event({}), routeKey: 'GET /cases', requestContext: { http: { method: 'GET', sourceIp: '1.2.3.4' }, authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': ['coordinator'] } } } } };
    const handler = httpHandler(async () => ({ statusCode: 200, body: {} }));
    const res = (await handler(withClaims as unknown as APIGatewayProxyEventV2, {} as never)) as { statusCode: number };
    expect(res.statusCode).toBe(401);
  });
});

describe('the HTTP edge', () => {
  const call = (handler: ReturnType<typeof httpHandler>, e: Partial<APIGatewayProxyEventV2>) =>
    handler(
      { headers: { 'content-type': 'application/json' }, routeKey: 'PUT /things/{id}', requestContext: { http: { method: 'PUT', sourceIp: '127.0.0.1' } }, ...e } as unknown as APIGatewayProxyEventV2,
      {} as never,
    ) as Promise<{ statusCode: number; body: string }>;
  const schema = z.object({ beds: z.number().int().min(0, 'mag niet negatief zijn') }).strict();

  it('hands the use case the parsed input and the route it came through', async () => {
    const seen: unknown[] = [];
    const handler = httpHandler({ schema, signIn: false }, async ({ input, access }) => (seen.push(input, access.via), { statusCode: 200, body: {} }));
    expect((await call(handler, { body: '{"beds":3}' })).statusCode).toBe(200);
    expect(seen).toEqual([{ beds: 3 }, 'PUT /things/{id}']);
  });

  it('answers bad input with 400 naming each field, before the use case runs', async () => {
    let ran = false;
    const handler = httpHandler({ schema, signIn: false }, async () => ((ran = true), { statusCode: 200, body: {} }));
    const res = await call(handler, { body: '{"beds":-1,"extra":1}' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors.map((e: { path: string }) => e.path).sort()).toEqual(['(body)', 'beds']);
    expect(ran).toBe(false);
  });

  it('maps domain errors to their status, and shows a message only where it may be shown', async () => {
    const failing = (error: Error) => httpHandler({ signIn: false }, async () => { throw error; });
    const expired = await call(failing(new HoldExpiredError('de bedreservering is verlopen')), {});
    expect([expired.statusCode, JSON.parse(expired.body).message]).toEqual([409, 'de bedreservering is verlopen']);
    const gone = await call(failing(new CaseNotFoundError('VT-AAAAAA')), {});
    expect([gone.statusCode, JSON.parse(gone.body).message]).toEqual([404, 'casus VT-AAAAAA bestaat niet']);
    class SecretError extends ConflictError {
      override readonly expose = false;
    }
    const hidden = await call(failing(new SecretError('tabel cases, sleutel VT-AAAAAA')), {});
    expect(hidden.statusCode).toBe(409);
    expect(hidden.body).not.toContain('VT-AAAAAA');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const crash = await call(failing(new Error('ECONNREFUSED 10.0.0.1')), {});
    expect(crash.statusCode).toBe(500);
    expect(crash.body).not.toContain('ECONNREFUSED');
  });
});

describe('CloudFront is the only way in (in AWS)', () => {
  it('refuses a request without the origin header CloudFront adds, and lets one with it through', async () => {
    const { mockClient } = await import('aws-sdk-client-mock');
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: 'a'.repeat(48) });
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' }).rejects(new Error('no previous version'));
    process.env.ORIGIN_VERIFY_SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:origin';
    try {
      const handler = httpHandler({ signIn: false }, async () => ({ statusCode: 200, body: { ok: true } }));
      const call = (headers: Record<string, string>) =>
        handler({ headers, routeKey: 'GET /triage-tree', requestContext: { http: { method: 'GET', sourceIp: '1.2.3.4' } } } as unknown as APIGatewayProxyEventV2, {} as never) as Promise<{ statusCode: number; body: string }>;
      expect((await call({})).statusCode).toBe(403);
      expect((await call({ 'x-origin-verify': 'b'.repeat(48) })).statusCode).toBe(403);
      expect((await call({ 'X-Origin-Verify': 'a'.repeat(48) })).statusCode).toBe(200);
    } finally {
      delete process.env.ORIGIN_VERIFY_SECRET_ARN;
      sm.restore();
    }
  });
});
