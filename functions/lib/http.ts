import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { Actor } from '../domain/case';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { withInvocationDeadline } from './deadline';

export interface HttpRequest {
  method: string;
  body: unknown;
  pathParameters: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  actor: Actor;
}

export type HttpResponse = { statusCode: number; body: unknown } | { statusCode: number; html: string };

type Event = APIGatewayProxyEventV2 & { parsedBody?: unknown };

/**
 * Who is calling. Until login lands, the API gateway's JWT claims if any, else the address.
 * Behind CloudFront the source is an edge server; the viewer's own address comes in the
 * CloudFront-Viewer-Address header ("ip:port"). Both are kept, so a forged header sent
 * straight to the API shows a source that is no CloudFront edge.
 */
export function actorOf(event: APIGatewayProxyEventV2): Actor {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, string> } } }).authorizer?.jwt?.claims;
  if (claims?.sub) return { role: claims['custom:role'] ?? 'user', id: claims.sub };
  const source = event.requestContext?.http?.sourceIp ?? 'unknown';
  const viewer = event.headers?.['cloudfront-viewer-address'];
  if (!viewer) return { role: 'anonymous', id: source };
  const ip = viewer.slice(0, viewer.lastIndexOf(':')).replace(/^\[|\]$/g, '') || viewer;
  return { role: 'anonymous', id: `${ip} via ${source}` };
}

const jsonBody: middy.MiddlewareObj<Event, APIGatewayProxyResultV2> = {
  before: (request) => {
    const { body, isBase64Encoded } = request.event;
    if (body === undefined || body === null || body === '') return;
    const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    const type = request.event.headers?.['content-type'] ?? request.event.headers?.['Content-Type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) {
      request.event.parsedBody = Object.fromEntries(new URLSearchParams(text));
      return;
    }
    try {
      request.event.parsedBody = JSON.parse(text);
    } catch (cause) {
      throw new ValidationError([{ path: '(body)', message: 'body is geen geldige JSON' }], { cause });
    }
  },
};

const json = (statusCode: number, body: unknown): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** Domain errors become status codes; anything else is a 500 that reveals nothing. */
const errorMapper: middy.MiddlewareObj<Event, APIGatewayProxyResultV2> = {
  onError: (request) => {
    const error = request.error;
    if (error instanceof ValidationError) request.response = json(400, { errors: error.errors });
    else if (error instanceof NotFoundError) request.response = json(404, { message: error.message });
    else if (error instanceof ConflictError) request.response = json(409, { message: error.message });
    else {
      console.error(JSON.stringify({ level: 'error', name: error?.name, message: error?.message, stack: error?.stack }));
      request.response = json(500, { message: 'Interne fout; probeer het opnieuw of bel de verkeerstoren.' });
    }
  },
};

/** Wraps a typed request → response function as an API Gateway (HTTP API) Lambda handler. */
export function httpHandler(fn: (request: HttpRequest) => Promise<HttpResponse>) {
  return middy<Event, APIGatewayProxyResultV2>()
    .use(jsonBody)
    .use(errorMapper)
    .handler(async (event, context) => {
      const response = await withInvocationDeadline(context, () =>
        fn({
          method: event.requestContext?.http?.method ?? 'GET',
          body: event.parsedBody,
          pathParameters: event.pathParameters ?? {},
          query: event.queryStringParameters ?? {},
          actor: actorOf(event),
        }),
      );
      if ('html' in response) {
        return {
          statusCode: response.statusCode,
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
          body: response.html,
        };
      }
      return json(response.statusCode, response.body);
    });
}
