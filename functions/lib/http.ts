import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { Actor } from '../domain/case';
import { DomainError, ForbiddenError, UnacceptableBodyError, ValidationError } from '../domain/errors';
import type { Access } from '../domain/ports';
import { actorOfPrincipal } from '../domain/principal';
import { authenticate } from './auth';
import { cameThroughCloudFront } from './origin';
import { toFieldErrors } from '../domain/referral-schema';
import { withInvocationDeadline } from './deadline';

/** The parts of a request a route's input is built from. */
export interface RawRequest {
  body: unknown;
  /** Request headers, names in lower case. */
  headers: Record<string, string | undefined>;
  pathParameters: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

export interface HttpRequest<I> extends RawRequest {
  method: string;
  /** The route's input, parsed by its schema: the use case gets it typed. */
  input: I;
  /** Who calls, through which route (`POST /cases/{caseId}/cancel`): what the access log records. */
  access: Access;
}

export type HttpResponse = { statusCode: number; body: unknown } | { statusCode: number; html: string } | { statusCode: number; csv: string; filename: string };

/** What a route validates at the edge: a schema, and what it reads (the body unless said otherwise). */
export interface RouteInput<S extends z.ZodType> {
  schema?: S;
  from?: (request: RawRequest) => unknown;
  /** `false` only for the SMS answer link, whose token is the proof; every other route needs a verified sign-in. */
  signIn?: boolean;
  /** The route takes an HTML form post (the SMS answer page); every other route takes JSON only. */
  forms?: boolean;
}

type Event = APIGatewayProxyEventV2 & { parsedBody?: unknown; bodyError?: DomainError };

/**
 * Where a request came from, for the access log. Behind CloudFront the source is an edge
 * server; the viewer's own address comes in the CloudFront-Viewer-Address header
 * ("ip:port"). Both are kept, so a forged header sent straight to the API shows a source
 * that is no CloudFront edge.
 */
export function sourceOf(event: APIGatewayProxyEventV2): string {
  const source = event.requestContext?.http?.sourceIp ?? 'unknown';
  const viewer = event.headers?.['cloudfront-viewer-address'];
  if (!viewer) return source;
  const ip = viewer.slice(0, viewer.lastIndexOf(':')).replace(/^\[|\]$/g, '') || viewer;
  return `${ip} via ${source}`;
}

/**
 * The reason a clinician gives to break the glass goes into a log that is kept for years and
 * cannot be erased: short, and without a BSN or other number that identifies a patient.
 */
function breakGlassReasonOf(header: string | undefined): string | undefined {
  const reason = header?.trim();
  if (!reason) return undefined;
  const problem = reason.length > 300 ? 'hoogstens 300 tekens' : /\d{6,}/.test(reason) ? 'geen BSN of ander nummer van de patiënt in de reden' : undefined;
  if (problem) throw new ValidationError([{ path: 'X-Break-Glass-Reason', message: problem }]);
  return reason;
}

/** Someone without a sign-in (the holder of an SMS answer link): known by address only. */
export const anonymousActor = (event: APIGatewayProxyEventV2): Actor => ({ role: 'anonymous', id: sourceOf(event) });

/** Far above any referral or roster slot; a larger body is refused before it is parsed. */
export const maxBodyBytes = 64 * 1024;

/**
 * Reads the body. JSON routes take `application/json` only (415 otherwise, which also keeps
 * cross-site form posts out); only the SMS answer page posts a form. A POST without a body
 * (cancel, admission) needs no type. Errors wait until after the sign-in check.
 */
const bodyReader = (forms: boolean): middy.MiddlewareObj<Event, APIGatewayProxyResultV2> => ({
  before: (request) => {
    const { body, isBase64Encoded } = request.event;
    if (body === undefined || body === null || body === '') return;
    const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    if (Buffer.byteLength(text) > maxBodyBytes) {
      request.event.bodyError = new UnacceptableBodyError(413, `de body is groter dan ${maxBodyBytes / 1024} kB`);
      return;
    }
    const type = (request.event.headers?.['content-type'] ?? request.event.headers?.['Content-Type'] ?? '').toLowerCase();
    if (forms && type.startsWith('application/x-www-form-urlencoded')) {
      request.event.parsedBody = Object.fromEntries(new URLSearchParams(text));
      return;
    }
    if (!type.startsWith('application/json')) {
      request.event.bodyError = new UnacceptableBodyError(415, `stuur de body als application/json (niet ${type || 'zonder content-type'})`);
      return;
    }
    try {
      request.event.parsedBody = JSON.parse(text);
    } catch (cause) {
      // Raised after the sign-in check: a caller without a valid token hears 401 first.
      request.event.bodyError = new ValidationError([{ path: '(body)', message: 'body is geen geldige JSON' }], { cause });
    }
  },
});

const json = (statusCode: number, body: unknown): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

const internalError = 'Interne fout; probeer het opnieuw of bel de verkeerstoren.';

/** Domain errors become their status codes; anything else is a 500 that reveals nothing. */
const errorMapper: middy.MiddlewareObj<Event, APIGatewayProxyResultV2> = {
  onError: (request) => {
    const error = request.error;
    if (error instanceof ValidationError) request.response = json(400, { errors: error.errors });
    else if (error instanceof DomainError) request.response = json(error.statusCode, { message: error.expose ? error.message : internalError });
    else {
      console.error(JSON.stringify({ level: 'error', name: error?.name, message: error?.message, stack: error?.stack }));
      request.response = json(500, { message: internalError });
    }
  },
};

/** Parses the route's input with its schema; a bad one is a ValidationError (400) naming each field. */
export function parseRouteInput<S extends z.ZodType>(route: RouteInput<S> | undefined, raw: RawRequest): z.output<S> {
  if (!route?.schema) return undefined as z.output<S>;
  const parsed = route.schema.safeParse(route.from ? route.from(raw) : (raw.body ?? {}));
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  return parsed.data;
}

/**
 * Wraps a typed request → response function as an API Gateway (HTTP API) Lambda handler:
 * the body is read, the route's input validated, the caller and route named for the
 * access log, domain errors mapped to status codes.
 */
export function httpHandler(fn: (request: HttpRequest<undefined>) => Promise<HttpResponse>): ReturnType<typeof wrap>;
export function httpHandler<S extends z.ZodType>(route: RouteInput<S>, fn: (request: HttpRequest<z.output<S>>) => Promise<HttpResponse>): ReturnType<typeof wrap>;
export function httpHandler(...args: unknown[]) {
  const [route, fn] = (args.length === 1 ? [undefined, args[0]] : args) as [RouteInput<z.ZodType> | undefined, (request: HttpRequest<unknown>) => Promise<HttpResponse>];
  return wrap(route, fn);
}

function wrap(route: RouteInput<z.ZodType> | undefined, fn: (request: HttpRequest<unknown>) => Promise<HttpResponse>) {
  return middy<Event, APIGatewayProxyResultV2>()
    .use(bodyReader(route?.forms === true))
    .use(errorMapper)
    .handler(async (event, context) => {
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const raw: RawRequest = { body: event.parsedBody, headers, pathParameters: event.pathParameters ?? {}, query: event.queryStringParameters ?? {} };
      const method = event.requestContext?.http?.method ?? 'GET';
      // CloudFront is the only way in; a request straight to the API endpoint is refused before anything else.
      if (!(await cameThroughCloudFront(headers['x-origin-verify']))) throw new ForbiddenError('geen toegang');
      // Sign-in first: a caller without a verified token learns nothing, not even whether the input was valid.
      const principal = route?.signIn === false ? undefined : await authenticate(event.headers?.authorization ?? event.headers?.Authorization);
      if (event.bodyError) throw event.bodyError;
      const breakGlassReason = breakGlassReasonOf(event.headers?.['x-break-glass-reason']);
      const access: Access = {
        actor: principal ? actorOfPrincipal(principal) : anonymousActor(event),
        // API Gateway names the matched route as `POST /cases/{caseId}/cancel`, as the manifest does.
        via: event.routeKey ?? `${method} ${event.rawPath}`,
        source: sourceOf(event),
        ...(principal ? { principal } : {}),
        ...(breakGlassReason ? { breakGlassReason } : {}),
      };
      const response = await withInvocationDeadline(context, () => fn({ ...raw, method, input: parseRouteInput(route, raw), access }));
      if ('csv' in response) {
        return {
          statusCode: response.statusCode,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${response.filename}"` },
          body: response.csv,
        };
      }
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
