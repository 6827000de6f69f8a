import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../local/dynamodb-local';
import { referral } from '../support/referral';

/**
 * Issue 14, as a new user would meet it: `npm start -- --data DIR`, a burst of referrals,
 * the process stopped in the middle, `npm start -- --data DIR` again. Twice: after a Ctrl-C
 * (SIGINT to the process group, as a terminal sends it) and after a crash that kills the
 * whole group, DynamoDB Local included (SIGKILL). Afterwards every referral that was
 * accepted (201) has its decision and has moved on, or is with the coordinator with the
 * reason on its timeline, within the threshold plus one sweep interval after the restart;
 * and the bed board agrees with the cases.
 */
const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules/tsx/dist/cli.mjs');
const stuckAfter = 2;
const interval = 2;
// Time for the sweep's pass over dozens of cases and the restarted workflows to run, on a
// loaded 2-core machine (the sweep itself acts in its first run, at start).
const slackMs = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'vt-herstart-'));
let port: number;
let running: { child: ChildProcess; output: string[]; exited: Promise<number | null> } | undefined;
const base = () => `http://localhost:${port}`;

/** `npm start -- --data DIR --port P --stuck-after S --sweep-interval S`, in a process group of its own. */
async function start(): Promise<number> {
  port ??= await freePort();
  const child = spawn(process.execPath, [tsx, 'local/start.ts', '--data', dir, '--port', String(port), '--stuck-after', String(stuckAfter), '--sweep-interval', String(interval)], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  running = { child, output, exited };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await fetch(`${base()}/local/users`)).status === 200) return Date.now();
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 90_000) throw new Error(`npm start not ready within 90 s:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops the running stack the way a user (SIGINT) or a crash (SIGKILL) does: the whole process group. */
async function stop(signal: 'SIGINT' | 'SIGKILL'): Promise<void> {
  if (!running?.child.pid) return;
  const { child, exited, output } = running;
  process.kill(-(child.pid as number), signal);
  let forced = false;
  const timer = setTimeout(() => {
    forced = true;
    process.kill(-(child.pid as number), 'SIGKILL');
  }, 20_000);
  const code = await exited;
  clearTimeout(timer);
  running = undefined;
  // A Ctrl-C is a clean stop: within the 20 s, exit code 0, whatever failed in flight.
  if (signal === 'SIGINT' && (forced || code !== 0)) throw new Error(`npm start did not stop cleanly after Ctrl-C (${forced ? 'killed after 20 s' : `exit ${code}`}):\n${output.join('').slice(-3000)}`);
}

/** DynamoDB Local JVMs still serving this data directory. */
function dynamoJvms(): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal') && line.includes(`-dbPath ${dir}`))
    .map((line) => line.trim().split(/\s+/))
    .filter(([, stat]) => !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

/**
 * There must be none once a run is over. A JVM killed with its group can outlive the
 * reaped node process by a moment while the kernel tears it down; 5 s is far more than that.
 */
async function noDynamoLeft(): Promise<number[]> {
  const until = Date.now() + 5_000;
  while (dynamoJvms().length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return dynamoJvms();
}

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base()}/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
  return ((await res.json()) as { token: string }).token;
}

// Home, a herstelkliniek bed, a specialist's question: the burst takes every path.
const referrals = [
  referral(),
  referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }),
  referral({ presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } }),
];

/**
 * 120 referrals, 20 at a time, until stopped: the ids of those accepted (201). What was in
 * flight when the process went is lost to the sender, as it would be.
 */
function burst(token: string) {
  const accepted: string[] = [];
  let stopped = false;
  const done = (async () => {
    for (let batch = 0; batch < 6 && !stopped; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          try {
            const res = await fetch(`${base()}/referrals`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify(referrals[(batch * 20 + i) % referrals.length]),
            });
            if (res.status === 201) accepted.push(((await res.json()) as { caseId: string }).caseId);
            else await res.body?.cancel();
          } catch {
            // the stack went away mid-request
          }
        }),
      );
    }
  })();
  return { accepted, stop: () => (stopped = true), done };
}

/** A burst, and the process stopped about 2 s into it (with at least a few referrals accepted). */
async function burstThenStop(signal: 'SIGINT' | 'SIGKILL'): Promise<string[]> {
  const b = burst(await signIn('huisarts-jansen'));
  const started = Date.now();
  while ((Date.now() - started < 2_000 || b.accepted.length < 10) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
  await stop(signal);
  b.stop();
  await b.done;
  return [...b.accepted];
}

type CaseView = { caseId: string; status: string; owner: { role: string }; decision?: unknown; timeline: Array<{ step: string; detail?: string }> };

/** Decided and moved on, or with the coordinator and the reason on the timeline. */
const settled = (c: CaseView) =>
  !['referred', 'triaged'].includes(c.status) && (c.decision !== undefined || (c.owner.role === 'coordinator' && !!c.timeline.at(-1)?.detail));

async function everyCaseSettles(accepted: string[], readyAt: number): Promise<{ ms: number; cases: CaseView[] }> {
  const token = await signIn('coordinator-rotterdam');
  const read = async (caseId: string) => (await (await fetch(`${base()}/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as CaseView;
  const limit = (stuckAfter + interval) * 1000 + slackMs;
  const done = new Map<string, CaseView>();
  for (;;) {
    // Only those still moving: every read is a logged access, and load on the stack it measures.
    for (const c of await Promise.all(accepted.filter((id) => !done.has(id)).map(read))) if (settled(c)) done.set(c.caseId, c);
    if (done.size === accepted.length) return { ms: Date.now() - readyAt, cases: accepted.map((id) => done.get(id) as CaseView) };
    if (Date.now() - readyAt > limit) {
      const open = (await Promise.all(accepted.filter((id) => !done.has(id)).map(read))).map((c) => ({ caseId: c.caseId, status: c.status, last: c.timeline.at(-1) }));
      throw new Error(`${open.length} of ${accepted.length} not settled ${limit} ms after the restart: ${JSON.stringify(open)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Held beds on the board = cases holding a bed. */
async function bedBoardAgrees(): Promise<void> {
  const token = await signIn('coordinator-rotterdam');
  const get = async (path: string) => (await fetch(`${base()}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  const facilities = (await get('/facilities')) as Array<{ wards: Array<{ held: number }> }>;
  const overview = (await get('/cases?sinceDays=1')) as { cases: Array<{ status: string }> };
  const held = facilities.flatMap((f) => f.wards).reduce((n, w) => n + w.held, 0);
  expect(held).toBe(overview.cases.filter((c) => c.status === 'bed_held').length);
}

const recovered = (cases: CaseView[]) => cases.filter((c) => c.timeline.some((t) => t.step === 'workflow_restarted' || t.step === 'workflow_stalled'));

afterAll(async () => {
  await stop('SIGKILL');
  for (const pid of dynamoJvms()) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with kept data, stopped in the middle of a burst of referrals', () => {
  it('after a Ctrl-C: every accepted referral is decided or with the coordinator, within the threshold and a sweep', { timeout: 180_000 }, async () => {
    await start();
    const accepted = await burstThenStop('SIGINT');
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    expect(await noDynamoLeft()).toEqual([]);

    const readyAt = await start();
    const { ms, cases } = await everyCaseSettles(accepted, readyAt);
    console.log(`Ctrl-C: ${accepted.length} accepted, ${recovered(cases).length} recovered by the sweep, all settled ${ms} ms after the restart`);
    expect(recovered(cases).length).toBeGreaterThan(0);
    await bedBoardAgrees();
  });

  it('after a crash that kills the process group, DynamoDB Local included: the same', { timeout: 180_000 }, async () => {
    if (!running) await start();
    const accepted = await burstThenStop('SIGKILL');
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    expect(await noDynamoLeft()).toEqual([]);

    const readyAt = await start();
    const { ms, cases } = await everyCaseSettles(accepted, readyAt);
    console.log(`crash: ${accepted.length} accepted, ${recovered(cases).length} recovered by the sweep, all settled ${ms} ms after the restart`);
    expect(recovered(cases).length).toBeGreaterThan(0);
    await bedBoardAgrees();

    await stop('SIGINT');
    expect(await noDynamoLeft()).toEqual([]);
  });
});
