import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readOutbox } from './outbox';
import type { LocalWorkflowEngine, LocalHandler } from './workflow-engine';
import { TaskFailedError } from './workflow-engine';
import pages from '../web/pages.json';
import type { Principal } from '../functions/domain/principal';
import type { LocalIdentity } from './identity';
import { handleLocalSignIn } from './sign-in';
import { vendorFiles } from '../infra/vendor-files';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface ServerOptions {
  /** The local state machines, by ARN. */
  engines: Map<string, LocalWorkflowEngine>;
  /** The development sign-in: its key set, and the seeded people it signs in. */
  identity: LocalIdentity;
  users: Principal[];
  routes: Array<{ method: string; pattern: RegExp; params: string[]; path: string; handler: LocalHandler }>;
}

/** What API Gateway (HTTP API) accepts at most; a larger body gets 413 here as there. */
const maxRequestBytes = 10 * 1024 * 1024;

class RequestTooLargeError extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBytes) throw new RequestTooLargeError('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

/** The local Step Functions endpoint: the AWS SDK's SFN client talks to it (SFN_ENDPOINT). */
function handleSfn(engines: Map<string, LocalWorkflowEngine>, target: string, body: string, res: ServerResponse): void {
  const input = JSON.parse(body || '{}') as Record<string, string>;
  const error = (type: string, message: string) =>
    send(res, 400, JSON.stringify({ __type: type, message }), { 'content-type': 'application/x-amz-json-1.0' });
  const ok = (out: unknown) => send(res, 200, JSON.stringify(out), { 'content-type': 'application/x-amz-json-1.0' });
  try {
    switch (target) {
      case 'AWSStepFunctions.StartExecution': {
        const engine = engines.get(input.stateMachineArn ?? '');
        if (!engine) return error('StateMachineDoesNotExist', `State machine ${input.stateMachineArn} does not exist`);
        const execution = engine.start(input.name ?? randomUUID(), JSON.parse(input.input ?? '{}'));
        return ok({ executionArn: execution.executionArn, startDate: execution.startDate.getTime() / 1000 });
      }
      case 'AWSStepFunctions.DescribeExecution': {
        const e = [...engines.values()].map((engine) => engine.describe(input.executionArn ?? '')).find(Boolean);
        if (!e) return error('ExecutionDoesNotExist', 'Execution does not exist');
        return ok({
          executionArn: e.executionArn,
          name: e.name,
          status: e.status,
          startDate: e.startDate.getTime() / 1000,
          ...(e.stopDate ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
          input: JSON.stringify(e.input),
          ...(e.output !== undefined ? { output: JSON.stringify(e.output) } : {}),
          ...(e.error ? { error: e.error, cause: e.cause } : {}),
        });
      }
      case 'AWSStepFunctions.SendTaskSuccess':
      case 'AWSStepFunctions.SendTaskFailure': {
        const token = input.taskToken ?? '';
        const engine = [...engines.values()].find((e) => e.hasToken(token));
        if (!engine) return error('TaskTimedOut', 'Task Token is invalid, expired or already used');
        if (target.endsWith('Success')) engine.sendTaskSuccess(token, JSON.parse(input.output ?? '{}'));
        else engine.sendTaskFailure(token, input.error ?? 'Error', input.cause ?? '');
        return ok({});
      }
      default:
        return error('UnknownOperationException', `${target} is not emulated locally`);
    }
  } catch (e) {
    if (e instanceof TaskFailedError) return error(e.name, e.message);
    throw e;
  }
}

/** The event API Gateway (HTTP API) gives a Lambda: `routeKey` names the matched route as the manifest does. */
function toEvent(req: IncomingMessage, url: URL, body: string, route: { path: string }, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  const method = req.method ?? 'GET';
  const routeKey = `${method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
    queryStringParameters: Object.fromEntries(url.searchParams),
    pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  } as APIGatewayProxyEventV2;
}

async function serveStatic(res: ServerResponse, pathname: string): Promise<boolean> {
  // The web app is a single page: its own routes (web/pages.json, as CloudFront does) load index.html.
  const page = pages.paths.includes(pathname) || pages.prefixes.some((p) => pathname.startsWith(p));
  const file = page ? 'index.html' : pathname.slice(1);
  // A browser library (Chart.js) comes from node_modules, as the web stack deploys it.
  const full = vendorFiles[pathname] ?? normalize(join(webDir, file));
  if (!vendorFiles[pathname] && !full.startsWith(webDir)) return false;
  try {
    const content = await readFile(full);
    res.writeHead(200, { 'content-type': types[extname(full)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(content);
    return true;
  } catch {
    return false;
  }
}

/** The local HTTP server's requests: API handlers, the SFN endpoint, the SMS outbox and the web UI. */
export function localRequestListener({ engines, routes, identity, users }: ServerOptions): RequestListener {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // Loopback only, by name too: a page elsewhere that rebinds its DNS to 127.0.0.1 gets no token or outbox.
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!['localhost', '127.0.0.1', '[::1]'].includes(host)) return send(res, 403, JSON.stringify({ message: 'alleen via localhost' }));
      const target = req.headers['x-amz-target'];
      const body = await readBody(req);
      if (req.method === 'POST' && typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
        return handleSfn(engines, target, body, res);
      }
      if (req.method === 'GET' && url.pathname === '/local/outbox') {
        return send(res, 200, JSON.stringify(await readOutbox()));
      }
      if (url.pathname.startsWith('/local/') || url.pathname === '/auth-config.json') {
        const answered = await handleLocalSignIn(req.method ?? 'GET', url.pathname, body, res, { identity, users });
        if (answered) return;
      }
      for (const route of routes) {
        const match = route.method === req.method ? route.pattern.exec(url.pathname) : null;
        if (!match) continue;
        const params = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1] ?? '')]));
        const result = (await route.handler(toEvent(req, url, body, route, params), {})) as APIGatewayProxyStructuredResultV2;
        res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
        return res.end(result.body ?? '');
      }
      if (req.method === 'GET' && (await serveStatic(res, url.pathname))) return;
      send(res, 404, JSON.stringify({ message: `niet gevonden: ${req.method} ${url.pathname}` }));
    })().catch((error: unknown) => {
      if (error instanceof RequestTooLargeError) return send(res, 413, JSON.stringify({ message: 'de body is te groot' }), { connection: 'close' });
      console.error(error);
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'Interne fout' }));
      else res.end();
    });
  };
}

/** Answers 503 while the stack is still starting. */
export const startingListener: RequestListener = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' });
  res.end('De verkeerstoren start op…');
};
