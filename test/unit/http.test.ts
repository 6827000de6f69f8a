import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { actorOf } from '../../functions/lib/http';

const event = (headers: Record<string, string>, sourceIp = '130.176.1.2') =>
  ({ headers, requestContext: { http: { sourceIp } } }) as unknown as APIGatewayProxyEventV2;

describe('who is calling, for the access log (until login lands)', () => {
  it('is the source address when called directly (and locally)', () => {
    expect(actorOf(event({}, '203.0.113.9'))).toEqual({ role: 'anonymous', id: '203.0.113.9' });
  });

  it('behind CloudFront is the viewer address, with the edge it came through', () => {
    expect(actorOf(event({ 'cloudfront-viewer-address': '198.51.100.10:46532' }))).toEqual({ role: 'anonymous', id: '198.51.100.10 via 130.176.1.2' });
    expect(actorOf(event({ 'cloudfront-viewer-address': '2001:db8::7:443' })).id).toBe('2001:db8::7 via 130.176.1.2');
  });

  it('is the user of a verified token once an authorizer is in front', () => {
    const withJwt = { ...event({}), requestContext: { http: { sourceIp: '1.2.3.4' }, authorizer: { jwt: { claims: { sub: 'u-1', 'custom:role': 'gp' } } } } };
    expect(actorOf(withJwt as unknown as APIGatewayProxyEventV2)).toEqual({ role: 'gp', id: 'u-1' });
  });
});
