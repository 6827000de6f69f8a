import '../../local/polyfills';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { conditions, parseReferral, urgencies, type Referral } from '../../functions/domain/referral-schema';
import { route, type Route } from '../../functions/domain/triage/evaluate';
import { factsRead, routingFacts, type TriageTree } from '../../functions/domain/triage/tree-schema';
import { currentTree, treeByVersion } from '../../functions/domain/triage/trees';
import { workflowFacts } from '../../functions/domain/workflow-input';
import { synthesizedReferralWorkflow } from '../../local/synthesized-definition';
import { triageRouting } from '../../workflows/triage-routing';

/**
 * The workflow's Choice states and the pure evaluator are both made from the tree; these
 * tests prove they agree. The synthesized referral workflow runs locally up to RecordDecision,
 * whose input carries the route the Choice states took.
 */
type Definition = { StartAt: string; States: Record<string, Record<string, unknown>> };
const machineOf = (definition: Definition) =>
  new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { checkArn: false } });

const synthesized = synthesizedReferralWorkflow().definition;
const v2Machine = machineOf(synthesized);

/** RecordDecision's stand-in: note the route the Choice states took, and end the run at IsCall112's stop branch. */
const runOptions = (record: (route: Route) => void) => ({
  overrides: {
    taskResourceLocalHandlers: {
      RecordDecision: (state: unknown) => {
        record((state as { route: Route }).route);
        return { destination: 'call_112' } as never;
      },
    },
  },
});

/**
 * The enumeration runs the same synthesized definition in worker threads, one per core (a
 * run is CPU-bound, ~0.25 ms), so its ~100,000 runs take seconds, not half a minute.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = () => { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
}
const { StateMachine } = require(workerData.library);
const machine = new StateMachine(workerData.definition, { validationOptions: { checkArn: false } });
parentPort.on('message', async ({ id, inputs }) => {
  const routes = [];
  try {
    for (const input of inputs) {
      let routed;
      const run = machine.run(input, { overrides: { taskResourceLocalHandlers: { RecordDecision: (state) => { routed = state.route; return { destination: 'call_112' }; } } } });
      await run.result;
      routes.push(routed ?? null);
    }
    parentPort.postMessage({ id, routes });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});`;

class MachinePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (routes: Array<Route | null>) => void; reject: (e: Error) => void }>();
  private next = 0;
  constructor(definition: Definition, size: number) {
    const library = createRequire(import.meta.url).resolve('aws-local-stepfunctions');
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(workerSource, { eval: true, workerData: { library, definition } });
      worker.on('message', ({ id, routes, error }: { id: number; routes?: Array<Route | null>; error?: string }) => {
        const waiter = this.waiting.get(id);
        this.waiting.delete(id);
        if (error || !routes) waiter?.reject(new Error(error));
        else waiter?.resolve(routes);
      });
      return worker;
    });
  }
  get size() {
    return this.workers.length;
  }
  /** The routes the workflow takes for these execution inputs, in order. */
  routes(inputs: unknown[]): Promise<Array<Route | null>> {
    const id = this.next++;
    const worker = this.workers[id % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, inputs });
    });
  }
  close() {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The same generator on another tree, without the rest of the workflow (v1 is no longer synthesized). */
function routingDefinition(tree: TriageTree): Definition {
  const stack = new Stack(new App(), 'Routing');
  const chain = triageRouting(stack, tree, new sfn.Succeed(stack, 'RecordDecision'));
  // As the template would carry it: JSON, without the undefined fields of the CDK objects.
  return JSON.parse(JSON.stringify(new sfn.StateGraph(chain.startState, 'routing').toGraphJson())) as Definition;
}

/** The execution's input as submitReferral gives it: only the facts the tree routes on, as JSON. */
const executionInput = (tree: TriageTree, referral: Referral) =>
  JSON.parse(JSON.stringify({ caseId: 'VT-TEST00', treeVersion: tree.version, referral: workflowFacts(referral, tree), district: 'Delfshaven', startedBy: 'huisarts-test' }));

async function workflowRoute(machine: StateMachine, tree: TriageTree, referral: Referral): Promise<Route> {
  let routed: Route | undefined;
  const output = (await machine.run(executionInput(tree, referral), runOptions((r) => (routed = r))).result) as { route?: Route };
  // The referral workflow stops at RecordDecision's stand-in; a bare routing machine ends with the route.
  const result = routed ?? output.route;
  if (!result) throw new Error('the workflow never reached RecordDecision');
  return result;
}

const v2 = treeByVersion('rotterdam-v2');

/** The v2 facts that decide the route (rules and ward choices): every combination of the booleans is run. */
const routeBooleans = [
  'patient.informalCarerAvailable',
  'patient.carerOverburdened',
  'acp.noHospitalAdmission',
  'presentation.lifeThreatening',
  'presentation.palliativePhase',
  'presentation.suspectedFracture',
  'presentation.treatableAtHome',
  'presentation.medicalSpecialistCareNeeded',
  'presentation.clinicallyStable',
  'presentation.functionalDecline',
  'presentation.causeUnclear',
  'presentation.delirium',
  'presentation.psychogeriatricCrisis',
  'presentation.rehabilitationNeed',
  'presentation.safeAtHomeWithSupport',
] as const;
const routeEnums = ['presentation.urgency', 'presentation.complexity', 'presentation.condition'];
/** Read by flags only: it cannot change the route, so it is sampled with the rest. */
const flagOnly = ['presentation.medicationProblem'];
/** The tree's optional facts: not sent, they take the tree's default (false). */
const optional = Object.keys(v2.defaults);

interface Rest {
  /** U3, U4 or U5 where the run asks for "U3–U5". */
  lowUrgency: 'U3' | 'U4' | 'U5';
  complexity: 'low' | 'high';
  condition: (typeof conditions)[number];
  medicationProblem: boolean;
  livesAlone: boolean;
  /** Per optional fact: when its value is false, leave it out instead of sending false. */
  unsent: boolean[];
}
const restArb: fc.Arbitrary<Rest> = fc.record({
  lowUrgency: fc.constantFrom('U3', 'U4', 'U5'),
  complexity: fc.constantFrom('low', 'high'),
  condition: fc.constantFrom(...conditions),
  medicationProblem: fc.boolean(),
  livesAlone: fc.boolean(),
  unsent: fc.array(fc.boolean(), { minLength: optional.length, maxLength: optional.length }),
});

function referralOf(values: Record<string, boolean>, urgency: string, rest: Rest): Referral {
  const r = {
    patient: { age: 85, postcode: '3062 AB', livesAlone: rest.livesAlone },
    acp: {},
    presentation: { urgency, complexity: rest.complexity, condition: rest.condition },
    referrer: { role: 'gp', requestedAt: '2026-11-23T14:00:00+01:00' },
  } as unknown as Record<string, Record<string, unknown>>;
  for (const [fact, value] of Object.entries({ ...values, 'presentation.medicationProblem': rest.medicationProblem })) {
    const [group, key] = fact.split('.') as [string, string];
    const i = optional.indexOf(fact);
    if (i >= 0 && value === false && rest.unsent[i]) continue;
    (r[group] as Record<string, unknown>)[key] = value;
  }
  return r as unknown as Referral;
}

let checked = 0;
/** The evaluator's route; the referrals are built directly for speed, every 500th is checked against the API's contract. */
function evaluatorRoute(tree: TriageTree, referral: Referral): Route {
  if (checked++ % 500 === 0) {
    const parsed = parseReferral(referral);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    // As the API stores it: only the postcode's four digits are kept.
    expect(parsed.value).toEqual({ ...referral, patient: { ...referral.patient, postcode: referral.patient.postcode.slice(0, 4) } });
  }
  return route(tree, referral);
}

function agree(referral: Referral, actual: Route | null | undefined, expected: Route): void {
  if (actual?.ruleId !== expected.ruleId || actual.destination !== expected.destination || actual.ward !== expected.ward) {
    expect.fail(`mismatch for ${JSON.stringify(referral)}: workflow ${JSON.stringify(actual)}, evaluator ${JSON.stringify(expected)}`);
  }
}

async function compare(machine: StateMachine, tree: TriageTree, referral: Referral): Promise<Route> {
  const expected = evaluatorRoute(tree, referral);
  agree(referral, await workflowRoute(machine, tree, referral), expected);
  return expected;
}

describe('the synthesized workflow and the evaluator agree on rotterdam-v2', () => {
  it('synthesizes the current tree, v2', () => {
    expect(currentTree.version).toBe('rotterdam-v2');
  });

  it('enumerates exactly the facts v2 routes on', () => {
    const read = (c: Parameters<typeof factsRead>[0]) => factsRead(c, v2.definitions);
    const byRules = [
      ...v2.rules.flatMap((r) => (r.when ? read(r.when) : [])),
      ...[...v2.rules, v2.fallback].flatMap((r) => r.ward?.choose.flatMap((w) => read(w.when)) ?? []),
    ];
    expect([...new Set(byRules)].sort()).toEqual([...routeBooleans, ...routeEnums].sort());
    expect(routingFacts(v2)).toEqual([...routeBooleans, ...routeEnums, ...flagOnly].sort());
  });

  // 2^15 combinations of the routing booleans × urgency U1 / U2 / U3–U5 = 98,304 runs; the
  // rest (which of U3–U5, complexity, condition, medication problem, whether a false optional
  // fact is sent or left out) sampled by fast-check with a fixed seed. Plus 5,000 fully random
  // runs below: 103,304 in all.
  const combinations = (1 << routeBooleans.length) * 3;
  const pool = new MachinePool(synthesized, Math.max(1, Math.min(4, availableParallelism())));
  afterAll(() => pool.close());

  it(`on every combination of the ${routeBooleans.length} routing booleans × U1/U2/U3–U5, the rest sampled (${combinations.toLocaleString('en')} runs)`, async () => {
    const samples = fc.sample(restArb, { numRuns: combinations, seed: 20261201 });
    const seen = new Set<string>();
    const cases = function* () {
      let n = 0;
      for (let mask = 0; mask < 1 << routeBooleans.length; mask++) {
        const values = Object.fromEntries(routeBooleans.map((f, i) => [f, (mask & (1 << i)) !== 0]));
        for (const urgencyClass of ['U1', 'U2', 'low'] as const) {
          const rest = samples[n++] as Rest;
          yield referralOf(values, urgencyClass === 'low' ? rest.lowUrgency : urgencyClass, rest);
        }
      }
    };
    // Batches of 512 runs, two in flight per worker; the evaluator checks each batch meanwhile.
    let compared = 0;
    const inFlight: Array<Promise<void>> = [];
    let batch: Referral[] = [];
    const send = (referrals: Referral[]) => {
      const routes = pool.routes(referrals.map((r) => executionInput(v2, r)));
      const expected = referrals.map((r) => evaluatorRoute(v2, r));
      return routes.then((actual) => {
        referrals.forEach((r, i) => {
          agree(r, actual[i], expected[i] as Route);
          seen.add(`${expected[i]?.ruleId}/${expected[i]?.ward ?? ''}`);
        });
        compared += referrals.length;
      });
    };
    for (const referral of cases()) {
      batch.push(referral);
      if (batch.length < 512) continue;
      inFlight.push(send(batch));
      batch = [];
      if (inFlight.length >= pool.size * 2) await inFlight.shift();
    }
    if (batch.length) inFlight.push(send(batch));
    await Promise.all(inFlight);
    expect(compared).toBe(combinations);
    // Every rule and every ward of the tree was reached, so the comparison covered them all.
    const needWards = ['delier', 'gedrag', 'grz', 'structuur', 'somatiek'];
    expect([...seen].sort()).toEqual(
      ['R1/', 'R2a/', 'R2b/palliatief', 'R3/', 'R4/', 'R5/', 'R6a/', ...needWards.map((w) => `R6b/${w}`), 'R7/', 'R8/', 'R9/', ...needWards.map((w) => `R10/${w}`)].sort(),
    );
  }, 120_000);

  it('on random referrals over the full ranges, optional facts sent or not (fast-check, 5,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: routeBooleans.length, maxLength: routeBooleans.length }),
        fc.constantFrom(...urgencies),
        restArb,
        async (bits, urgency, rest) => {
          await compare(v2Machine, v2, referralOf(Object.fromEntries(routeBooleans.map((f, i) => [f, bits[i] as boolean])), urgency, rest));
        },
      ),
      { numRuns: 5_000 },
    );
  }, 60_000);
});

describe('the same generator on rotterdam-v1 (kept for the cases it decided)', () => {
  const v1 = treeByVersion('rotterdam-v1');
  const v1Machine = machineOf(routingDefinition(v1));
  const v1Booleans = routingFacts(v1).filter((f) => v1.questions.find((q) => q.fact === f)?.type === 'boolean');

  it('adds the default states only to a tree with optional facts', () => {
    const plain = routingDefinition(v1);
    expect(plain.StartAt).toBe('CheckLifeThreatening');
    expect(Object.keys(plain.States)).not.toContain('FactDefaults');
    const withDefaults = routingDefinition(v2);
    expect(withDefaults.StartAt).toBe('FactDefaults');
    expect(withDefaults.States.FactDefaults?.Parameters).toEqual({
      patient: { carerOverburdened: false },
      presentation: { medicationProblem: false, palliativePhase: false, suspectedFracture: false, treatableAtHome: false },
    });
  });

  it('routes as the evaluator on random referrals (fast-check, 2,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: v1Booleans.length, maxLength: v1Booleans.length }),
        fc.constantFrom(...urgencies),
        restArb,
        async (bits, urgency, rest) => {
          const values = Object.fromEntries(v1Booleans.map((f, i) => [f, bits[i] as boolean]));
          await compare(v1Machine, v1, referralOf(values, urgency, { ...rest, medicationProblem: false, unsent: rest.unsent.map(() => true) }));
        },
      ),
      { numRuns: 2_000 },
    );
  }, 60_000);
});
