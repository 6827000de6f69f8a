/**
 * What npm run bench counts besides time: DynamoDB requests per referral (an SDK
 * middleware on the one document client the handlers share), Step Functions transitions,
 * the handler bundles of a real bundling synth and the import time of the largest, and a
 * cost model priced from one table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentClient } from '../functions/adapters/dynamo';

/** Requests by operation (`PutItemCommand`, `TransactWriteItemsCommand`, …) and, for the cost model, the items they write. */
export interface RequestCount {
  byOperation: Record<string, number>;
  total: number;
  writeItems: number;
  readItems: number;
  notificationsPut: number;
}

const empty = (): RequestCount => ({ byOperation: {}, total: 0, writeItems: 0, readItems: 0, notificationsPut: 0 });
let current = empty();

/** Counts every request the document client sends, from now on (the handlers run in this process). */
export function countDynamoRequests(): void {
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const name = String((context as { commandName?: string }).commandName ?? 'unknown');
      const input = (args as { input?: Record<string, unknown> }).input ?? {};
      current.byOperation[name] = (current.byOperation[name] ?? 0) + 1;
      current.total++;
      if (/^TransactWrite(Items)?Command$/.test(name)) {
        const items = (input.TransactItems as Array<Record<string, { TableName?: string }>>) ?? [];
        current.writeItems += items.length;
        // The text's record may ride in the step's own transaction (the district team's question does).
        current.notificationsPut += items.filter((i) => String(i.Put?.TableName).endsWith('notifications')).length;
      }
      else if (/^(Put|Update|Delete)(Item)?Command$/.test(name)) current.writeItems++;
      else current.readItems++;
      if (/^Put(Item)?Command$/.test(name) && String(input.TableName).endsWith('notifications')) current.notificationsPut++;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
}

export const resetCount = () => (current = empty());
export const readCount = (): RequestCount => structuredClone(current);

/** Waits until the count has stood still for `quietMs` after `until` holds. */
export async function settle(until: (c: RequestCount) => boolean, quietMs = 150, timeoutMs = 10_000): Promise<RequestCount> {
  const started = Date.now();
  while (!until(current)) {
    if (Date.now() - started > timeoutMs) throw new Error(`bench: condition not reached; ${JSON.stringify(current)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  let last = current.total;
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    if (current.total === last) return readCount();
    last = current.total;
  }
}

/** A HandlerFunction's Lambda (its "Fn"), not one of CDK's own custom resource providers. */
const handlerId = /Fn[0-9A-F]{8}$/;

/**
 * Bundles every handler with a real synth (local esbuild) and returns their sizes, largest
 * first: our handlers only, not CDK's own custom resource providers.
 */
export function bundleSizes(): { dir: string; bundles: Array<{ name: string; bytes: number; file: string }> } {
  // Inside the project, so a bundle finds the AWS SDK in node_modules as Lambda's runtime provides it.
  const out = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.bench-cdk-'));
  try {
    execFileSync('npx', ['cdk', 'synth', '-q', '-o', out], { env: { ...process.env, CDK_VALIDATION: 'false' }, stdio: 'pipe' });
    // Lambda's /var/task has no package.json: an index.js there is CommonJS. Here the project's
    // says "type": "module", so the output directory gets one that says what /var/task implies.
    writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
    const bundles: Array<{ name: string; bytes: number; file: string }> = [];
    const seen = new Set<string>();
    for (const template of readdirSync(out).filter((f) => f.endsWith('.template.json'))) {
      const resources = (JSON.parse(readFileSync(join(out, template), 'utf8')) as { Resources: Record<string, { Type: string; Metadata?: Record<string, string> }> }).Resources;
      for (const [id, r] of Object.entries(resources)) {
        const asset = r.Metadata?.['aws:asset:path'];
        if (r.Type !== 'AWS::Lambda::Function' || !asset || !handlerId.test(id) || seen.has(asset)) continue;
        seen.add(asset);
        const file = ['index.js', 'index.mjs'].map((f) => join(out, asset, f)).find((f) => existsSync(f));
        if (file) bundles.push({ name: id.replace(handlerId, ''), bytes: statSync(file).size, file });
      }
    }
    // Keep the largest bundle for the import timing; the caller removes the directory.
    return { dir: out, bundles: bundles.sort((a, b) => b.bytes - a.bytes) };
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Import time of a bundle in a fresh Node process, the best of three (a cold start's module
 * load), loaded as the Lambda runtime loads it: an index.js (CommonJS) with require(), an
 * index.mjs with import().
 */
export function importMs(file: string): number {
  const esm = file.endsWith('.mjs');
  const load = esm ? `await import(${JSON.stringify(`file://${file}`)})` : `require(${JSON.stringify(file)})`;
  const script = `const t = performance.now(); ${load}; console.log(performance.now() - t);`;
  const args = [`--input-type=${esm ? 'module' : 'commonjs'}`, '-e', script];
  const times = [0, 1, 2].map(() => Number(execFileSync(process.execPath, args, { env: { PATH: process.env.PATH ?? '' } }).toString().trim()));
  return Math.min(...times);
}

/**
 * List prices used by the cost model, in USD, as last known for eu-west-1 and a Dutch
 * transactional SMS through SNS. Read: 2026-12-01, from the AWS pricing pages as recorded in
 * this project (on-demand DynamoDB after the November 2024 reduction); check before budgeting.
 */
export const prices = {
  readOn: '2026-12-01',
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecond: 0.0000133334, // arm64
  dynamoPerWriteUnit: 0.7063 / 1_000_000,
  dynamoPerReadUnit: 0.1413 / 1_000_000,
  smsNetherlands: 0.1106,
} as const;

/** Lambda memory of every handler (infra/constructs/handler-function.ts) and an assumed mean billed duration. */
export const lambdaGb = 256 / 1024;
export const assumedMeanSeconds = 0.1;

export interface PerReferral {
  transitions: number;
  invocations: number;
  writeUnits: number;
  readUnits: number;
  sms: number;
}

/** Cost per 1,000 referrals, from what one referral used. */
export function costPer1000(p: PerReferral): { total: number; excludingSms: number; perReferral: PerReferral } {
  const excludingSms =
    p.transitions * prices.stepFunctionsPerTransition +
    p.invocations * (prices.lambdaPerRequest + lambdaGb * assumedMeanSeconds * prices.lambdaPerGbSecond) +
    p.writeUnits * prices.dynamoPerWriteUnit +
    p.readUnits * prices.dynamoPerReadUnit;
  const round = (n: number) => Math.round(n * 1000 * 100) / 100;
  return { total: round(excludingSms + p.sms * prices.smsNetherlands), excludingSms: round(excludingSms), perReferral: p };
}
