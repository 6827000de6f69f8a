import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSizes } from '../../bench/measure';

/**
 * The handlers as Lambda runs them: bundled by a real synth (esbuild, the bench's own), then
 * loaded the way the Node.js runtime loads an index.js in /var/task, with require() in a
 * fresh process. The other CDK tests synthesize without bundling, so nothing else would notice
 * a bundle that cannot load (an `import.meta` or a top-level await in a CommonJS bundle, a
 * dependency left out).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const handlerFiles = readdirSync(join(root, 'functions/handlers')).filter((f) => f.endsWith('.ts'));
let out: string | undefined;
let files: Array<{ name: string; file: string }> = [];

beforeAll(() => {
  const synth = bundleSizes();
  out = synth.dir;
  files = synth.bundles;
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the Lambda bundles', () => {
  it('are made for every handler in functions/handlers/', () => {
    expect(files).toHaveLength(handlerFiles.length);
    // CommonJS: an index.js (an ES module bundle would be index.mjs).
    for (const { file } of files) expect(file).toMatch(/\/index\.js$/);
  });

  it('are CommonJS that requires the AWS SDK of the runtime and bundles nothing of it', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { file } of files) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/^import[\s{*]/m);
      expect(code, file).toMatch(/require\("@aws-sdk\/[a-z-]+"\)/);
      expect(code, file).not.toMatch(/smithy-client|@smithy\/core/);
    }
  });

  it('each load with require() in a fresh Node process and export a handler function', () => {
    expect(files.length).toBeGreaterThan(0);
    const script = `
      const failures = [];
      for (const file of JSON.parse(process.argv[1])) {
        try {
          const m = require(file);
          if (typeof m.handler !== 'function') failures.push(file + ': no handler function');
        } catch (error) {
          failures.push(file + ': ' + error.message);
        }
      }
      console.log(JSON.stringify(failures));`;
    const result = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script, JSON.stringify(files.map((f) => f.file))], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1' },
    }).toString();
    expect(JSON.parse(result.trim().split('\n').pop() ?? '[]')).toEqual([]);
  }, 60_000);

  it('answer a request: the referral route, bundled, refuses a request without sign-in in Dutch (middy, the HTTP edge and its errors run)', () => {
    const createReferral = files.find((f) => f.name === 'CreateReferral');
    expect(createReferral).toBeDefined();
    const event = {
      version: '2.0',
      routeKey: 'POST /referrals',
      rawPath: '/referrals',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/referrals', sourceIp: '192.0.2.1' } },
    };
    const script = `
      const { handler } = require(process.argv[1]);
      handler(JSON.parse(process.argv[2]), { getRemainingTimeInMillis: () => 20000, functionName: 'CreateReferral', awsRequestId: 'test' })
        .then((answer) => console.log(JSON.stringify(answer)), (error) => { console.error(error); process.exit(1); });`;
    const result = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script, createReferral?.file ?? '', JSON.stringify(event)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1' },
    }).toString();
    const answer = JSON.parse(result.trim().split('\n').pop() ?? '{}') as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ message: expect.stringMatching(/niet aangemeld/) });
  }, 60_000);
});
