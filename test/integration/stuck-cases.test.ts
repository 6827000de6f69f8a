import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack';
import { caseWithStatus, eventually, executionArn, getJson, postJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';
import { seedRegion, testFacility } from '../support/region';
import { newCase } from '../support/cases';
import { districtForPostcode } from '../../functions/domain/districts';
import { deps } from '../../functions/adapters/deps';
import { DynamoAuditReader } from '../../functions/adapters/dynamo-audit-reader';
import { DynamoCapacity } from '../../functions/adapters/dynamo-capacity';
import { DynamoCaseStore } from '../../functions/adapters/dynamo-case-store';
import { systemActor, type Case, type TimelineEntry } from '../../functions/domain/case';
import type { AuditEntry, CaseChange, Workflows } from '../../functions/domain/ports';
import { currentTree } from '../../functions/domain/triage/trees';
import { referralWorkflowInput } from '../../functions/use-cases/create-referral';
import { sweepStuckCases, type SweepStuckCasesDeps } from '../../functions/use-cases/sweep-stuck-cases';

/**
 * The sweep of stuck cases on the real parts: DynamoDB Local, the synthesized workflow,
 * the same handlers. Each scenario leaves a case as a lost execution would (stored with
 * the ARN of an execution that never ran, or that failed) and runs the sweep with no
 * threshold; the stack's own schedule stays out of the way.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ seed: false, jobs: { SweepStuckCases: { everySeconds: 3600 } } });
  await seedRegion([testFacility({ facilityId: 'hk-vast', kind: 'herstelkliniek', district: 'Noord', wards: [{ ward: 'somatiek', total: 3, free: 3, held: 0 }] })]);
});
afterAll(async () => {
  await stack?.stop();
});

const sweep = (overrides: Partial<SweepStuckCasesDeps> = {}) => sweepStuckCases({ ...deps(), ...overrides }, 'rotterdam', 0);
const read = async (caseId: string): Promise<Case> => (await getJson(`${stack.url}/cases/${caseId}`)).body;
const steps = (c: Case, step: string) => c.timeline.filter((t) => t.step === step);
const coordinatorTexts = async (caseId: string) =>
  (await getJson(`${stack.url}/local/outbox`)).body.filter((m: { caseId: string; recipient: string }) => m.caseId === caseId && m.recipient === 'coordinator:rotterdam');
const overviewGroup = async (caseId: string) =>
  ((await getJson(`${stack.url}/cases?sinceDays=1`)).body.cases as Array<{ caseId: string; group: string }>).find((c) => c.caseId === caseId)?.group;
const ward = async () => ((await getJson(`${stack.url}/facilities`)).body as Array<{ wards: Array<{ free: number; held: number }> }>)[0]?.wards[0];
const far = () => new Date(Date.now() + 86_400_000);

/**
 * A case as a lost execution leaves it: waiting on the execution named after it (as a
 * referral's is), which never ran. A referred one has no decision yet.
 */
async function stuckCase(changes: Partial<Case>, input = referral()): Promise<ReturnType<typeof newCase>> {
  // The district, as a referral gets it from the postcode: a home case's district team is asked to confirm.
  const district = districtForPostcode(input.patient.postcode);
  const c = newCase({ referredBy: 'huisarts-jansen', workflowStartedBy: 'huisarts-jansen', ...(district ? { district } : {}), ...changes }, input);
  const stored = { ...c, executionArn: executionArn(c.caseId) };
  await new DynamoCaseStore().create(stored);
  return stored;
}

describe('an execution still running', () => {
  it('is left alone, however long the case has not moved', async () => {
    const res = await postJson(`${stack.url}/referrals`, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    const held = await caseWithStatus(stack, res.body.caseId, ['bed_held']);
    expect(stack.engine.describe(executionArn(held.caseId))?.status).toBe('RUNNING');
    const result = await sweep();
    expect(result).toEqual({ restarted: [], handedOver: [], failed: [] });
    const after = await read(held.caseId);
    expect(after.status).toBe('bed_held');
    expect([...steps(after, 'workflow_restarted'), ...steps(after, 'workflow_stalled')]).toEqual([]);
    expect(await coordinatorTexts(held.caseId)).toEqual([]);
  });
});

describe('an execution gone or failed before the decision', () => {
  it('gone (never started): the workflow starts again under a name of its own, and decides', async () => {
    const c = await stuckCase({ status: 'referred' });
    expect(c.decision).toBeUndefined();
    expect(await sweep()).toEqual({ restarted: [c.caseId], handedOver: [], failed: [] });
    const decided = await eventually(() => read(c.caseId), (x) => x.status === 'notified');
    expect(decided.decision?.destination).toBe('home');
    const [restarted] = steps(decided, 'workflow_restarted');
    expect(restarted?.detail).toMatch(new RegExp(`de workflow \\(${c.caseId}\\) is niet \\(meer\\) gevonden; de workflow is opnieuw gestart \\(poging 1 van 2\\)`));
    // The new execution has texted the district team, and waits for it to confirm.
    expect(stack.engine.describe(executionArn(`${c.caseId}-herstart-1`))?.path).toContain('ConfirmHome');
    // Moved on: off the index, and no longer first in the overview.
    expect(decided.stalledAt).toBeUndefined();
    expect(await overviewGroup(c.caseId)).toBe('open');
    expect((await new DynamoCaseStore().awaitingWorkflow('rotterdam', far())).map((w) => w.caseId)).not.toContain(c.caseId);
    // The access log: the system, on behalf of the referrer, through the job.
    const entries = await new DynamoAuditReader().byCase(c.caseId);
    expect(entries.filter((e) => e.via === 'schedule:SweepStuckCases').map((e) => [e.action, e.actor.username, e.onBehalfOf])).toEqual([
      ['workflow.read', 'verkeerstoren', 'huisarts-jansen'],
      ['workflow.update', 'verkeerstoren', 'huisarts-jansen'],
    ]);
  });

  it('failed (a fault without a catch): started again, and decided', async () => {
    const c = await stuckCase({ status: 'referred' });
    // An execution without the routing facts fails in the tree's first Choice state: no Catch there.
    const failed = stack.engine.start(c.caseId, { caseId: c.caseId });
    await failed.done;
    expect(failed.status).toBe('FAILED');
    expect(await sweep()).toEqual({ restarted: [c.caseId], handedOver: [], failed: [] });
    const decided = await eventually(() => read(c.caseId), (x) => x.status === 'notified');
    expect(steps(decided, 'workflow_restarted')[0]?.detail).toMatch(/is mislukt \(States\.Runtime\)/);
    expect(steps(decided, 'triaged')).toHaveLength(1);
  });
});

describe('an execution gone after the decision', () => {
  it('hands the case to the coordinator, who is texted, with the reason on the timeline', async () => {
    const c = await stuckCase({ status: 'triaged' });
    expect(await sweep()).toEqual({ restarted: [], handedOver: [c.caseId], failed: [] });
    const found = await read(c.caseId);
    expect(found).toMatchObject({ status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' } });
    expect(steps(found, 'workflow_stalled')[0]?.detail).toMatch(/niet \(meer\) gevonden; het besluit is al genomen; de coördinator neemt over/);
    const [text] = await coordinatorTexts(c.caseId);
    expect(text.body).toContain('workflow vastgelopen');
    expect(await overviewGroup(c.caseId)).toBe('coordinator');
    // Placing it again is the coordinator's to do, and waits on its new execution.
    expect((await postJson(`${stack.url}/cases/${c.caseId}/placement`)).status).toBe(202);
    await eventually(() => read(c.caseId), (x) => x.status === 'notified');
    expect((await new DynamoCaseStore().awaitingWorkflow('rotterdam', far())).map((w) => w.caseId)).not.toContain(c.caseId);
  });

  it('with a bed held: the bed goes back to the pool and the coordinator takes the case', async () => {
    const c = await stuckCase({ status: 'triaged' }, referral({ patient: { postcode: '3031 AB' }, presentation: { safeAtHomeWithSupport: false } }));
    const at = new Date().toISOString();
    const held = await new DynamoCapacity().hold({
      caseId: c.caseId, facilityId: 'hk-vast', ward: 'somatiek', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), owner: { role: 'transfer_nurse', id: 'hk-vast' },
      placement: { destination: 'herstelkliniek', facilityId: 'hk-vast', ward: 'somatiek', tried: [], at }, entry: { at, step: 'bed_held', by: systemActor },
    });
    expect(held).toEqual({ result: 'held' });
    const before = await ward();
    expect(await sweep()).toEqual({ restarted: [], handedOver: [c.caseId], failed: [] });
    const found = await read(c.caseId);
    expect(found).toMatchObject({ status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' } });
    expect(found.hold).toBeUndefined();
    expect(steps(found, 'workflow_stalled')[0]?.detail).toMatch(/bed terug in de pool, de coördinator neemt over/);
    expect(await ward()).toEqual({ ...before, free: (before?.free ?? 0) + 1, held: (before?.held ?? 0) - 1 });
    expect(await coordinatorTexts(c.caseId)).toHaveLength(1);
  });
});

describe('two restarts that did not move the case either', () => {
  it('send the case to the coordinator; until then the overview lists it first', async () => {
    const c = await stuckCase({ status: 'referred' });
    // Starts that are accepted and then lost (a region-wide fault): nothing ever runs.
    const started: string[] = [];
    const real = deps().workflows;
    const lost: Pick<Workflows, 'describe' | 'startReferral' | 'referralExecutionArn'> = {
      describe: (arn) => real.describe(arn),
      referralExecutionArn: (name) => real.referralExecutionArn(name),
      startReferral: async (name) => (started.push(name), { executionArn: real.referralExecutionArn(name) }),
    };
    expect(await sweep({ workflows: lost })).toMatchObject({ restarted: [c.caseId] });
    expect((await read(c.caseId)).stalledAt).toBeDefined();
    expect(await overviewGroup(c.caseId)).toBe('coordinator');
    expect(await sweep({ workflows: lost })).toMatchObject({ restarted: [c.caseId] });
    expect(await sweep({ workflows: lost })).toEqual({ restarted: [], handedOver: [c.caseId], failed: [] });
    expect(started).toEqual([`${c.caseId}-herstart-1`, `${c.caseId}-herstart-2`]);
    const found = await read(c.caseId);
    expect(found).toMatchObject({ status: 'escalated', owner: { role: 'coordinator', id: 'rotterdam' }, workflowRestarts: 2 });
    expect(steps(found, 'workflow_restarted').map((t) => t.detail?.match(/poging \d van 2/)?.[0])).toEqual(['poging 1 van 2', 'poging 2 van 2']);
    expect(steps(found, 'workflow_stalled')[0]?.detail).toMatch(/herstart-2\) is niet \(meer\) gevonden; ook na 2 keer opnieuw starten/);
    expect(await coordinatorTexts(c.caseId)).toHaveLength(1);
    // With the coordinator now: off the index, nothing more for the sweep.
    expect(await sweep({ workflows: lost })).toEqual({ restarted: [], handedOver: [], failed: [] });
  });
});

describe('a sweep racing a live workflow, or another sweep', () => {
  it('changes nothing when the workflow moves the case between the sweep reading it and writing', async () => {
    const c = await stuckCase({ status: 'referred' });
    const real = new DynamoCaseStore();
    const workflows = deps().workflows;
    let live: Promise<void> | undefined;
    const result = await sweep({
      // Step Functions already reports the execution timed out, while its last step is still running.
      workflows: {
        describe: async (arn) => (arn === c.executionArn ? { status: 'TIMED_OUT' } : workflows.describe(arn)),
        startReferral: (name, input) => workflows.startReferral(name, input),
        referralExecutionArn: (name) => workflows.referralExecutionArn(name),
      },
      cases: {
        awaitingWorkflow: (region, idle) => real.awaitingWorkflow(region, idle),
        get: (id) => real.get(id),
        appendTimeline: async (id: string, entry: TimelineEntry, change?: CaseChange, audit?: AuditEntry) => {
          // Just before the sweep's write, the workflow decides and texts.
          // (Texted is as far as it goes: then it waits for the district team to confirm.)
          live ??= (async () => {
            stack.engine.start(c.caseId, referralWorkflowInput(c.caseId, c.referral, currentTree, { district: c.district, startedBy: c.referredBy }));
            await eventually(() => read(c.caseId), (x) => x.status === 'notified');
          })();
          await live;
          return real.appendTimeline(id, entry, change, audit);
        },
      },
    });
    expect(result).toEqual({ restarted: [], handedOver: [], failed: [] });
    const found = await read(c.caseId);
    expect(found.status).toBe('notified');
    expect(steps(found, 'triaged')).toHaveLength(1);
    expect([...steps(found, 'workflow_restarted'), ...steps(found, 'workflow_stalled')]).toEqual([]);
    expect(stack.engine.describe(executionArn(`${c.caseId}-herstart-1`))).toBeUndefined();
    expect((await coordinatorTexts(c.caseId)).filter((m: { body: string }) => m.body.includes('vastgelopen'))).toEqual([]);
  });

  it('two sweeps at once restart a case once', async () => {
    const c = await stuckCase({ status: 'referred' });
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect([...(a?.restarted ?? []), ...(b?.restarted ?? [])]).toEqual([c.caseId]);
    const decided = await eventually(() => read(c.caseId), (x) => x.status === 'notified');
    expect(steps(decided, 'workflow_restarted')).toHaveLength(1);
    expect(steps(decided, 'triaged')).toHaveLength(1);
    expect(stack.engine.executions().filter((e) => e.name.startsWith(`${c.caseId}-herstart`)).map((e) => e.name)).toEqual([`${c.caseId}-herstart-1`]);
  });
});
