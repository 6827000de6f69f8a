import '../../local/polyfills';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { conditions, urgencies, parseReferral, type ReferralInput } from '../../functions/domain/referral-schema';
import { route, type Route } from '../../functions/domain/triage/evaluate';
import { currentTree } from '../../functions/domain/triage/trees';
import { workflowFacts } from '../../functions/domain/workflow-input';
import { synthesizedReferralWorkflow } from '../../local/synthesized-definition';

/**
 * The workflow's Choice states and the pure evaluator are both made from the tree; these
 * tests prove they agree. The synthesized definition runs locally up to RecordDecision,
 * whose input carries the route the Choice states took.
 */
const machine = new StateMachine(synthesizedReferralWorkflow().definition as unknown as StateMachineDefinition, {
  validationOptions: { checkArn: false },
});

async function workflowRoute(input: ReferralInput): Promise<Route> {
  // The execution gets what submitReferral gives it: only the facts the tree routes on.
  const parsed = parseReferral(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const referral = workflowFacts(parsed.value, currentTree);
  let routed: Route | undefined;
  const run = machine.run({ caseId: 'VT-TEST00', treeVersion: currentTree.version, referral } as never, {
    overrides: {
      taskResourceLocalHandlers: {
        RecordDecision: (input) => {
          routed = (input as unknown as { route: Route }).route;
          // Routing is what is compared; end the run at IsCall112's stop branch.
          return { destination: 'call_112' } as never;
        },
      },
    },
  });
  await run.result;
  if (!routed) throw new Error('the workflow never reached RecordDecision');
  return routed;
}

const booleans = [
  ['patient', 'livesAlone'],
  ['patient', 'informalCarerAvailable'],
  ['acp', 'noHospitalAdmission'],
  ['presentation', 'lifeThreatening'],
  ['presentation', 'medicalSpecialistCareNeeded'],
  ['presentation', 'clinicallyStable'],
  ['presentation', 'functionalDecline'],
  ['presentation', 'causeUnclear'],
  ['presentation', 'delirium'],
  ['presentation', 'psychogeriatricCrisis'],
  ['presentation', 'rehabilitationNeed'],
  ['presentation', 'safeAtHomeWithSupport'],
] as const;

function build(bits: boolean[], urgency: string, complexity: string, condition: string): ReferralInput {
  const r = {
    patient: { age: 85, postcode: '3062 AB' } as Record<string, unknown>,
    acp: {} as Record<string, unknown>,
    presentation: { urgency, complexity, condition } as Record<string, unknown>,
    referrer: { role: 'gp', requestedAt: '2026-11-23T14:00:00+01:00' },
  };
  booleans.forEach(([group, key], i) => ((r as unknown as Record<string, Record<string, unknown>>)[group] as Record<string, unknown>)[key] = bits[i]);
  return r as unknown as ReferralInput;
}

const evaluatorRoute = (r: ReferralInput): Route => {
  const parsed = parseReferral(r);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return route(currentTree, parsed.value);
};

describe('the workflow and the evaluator agree', () => {
  it('on every combination of the 12 booleans × U1/U3 × low/high × a wijkkliniek condition/other (32,768 referrals)', async () => {
    let compared = 0;
    const seen = new Set<string>();
    for (let mask = 0; mask < 1 << booleans.length; mask++) {
      const bits = booleans.map((_, i) => (mask & (1 << i)) !== 0);
      for (const urgency of ['U1', 'U3']) {
        for (const complexity of ['low', 'high']) {
          for (const condition of ['pneumonia', 'other']) {
            const r = build(bits, urgency, complexity, condition);
            const expected = evaluatorRoute(r);
            const actual = await workflowRoute(r);
            if (actual.destination !== expected.destination || actual.ward !== expected.ward || actual.ruleId !== expected.ruleId) {
              expect.fail(`mismatch for ${JSON.stringify(r)}: workflow ${JSON.stringify(actual)}, evaluator ${JSON.stringify(expected)}`);
            }
            seen.add(`${expected.ruleId}/${expected.ward ?? ''}`);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(32_768);
    // Every rule and every ward of the tree was reached, so the comparison covered them all.
    expect([...seen].sort()).toEqual(
      ['R1/', 'R2a/', 'R2b/', 'R2c/delier', 'R2c/gedrag', 'R2c/grz', 'R2c/somatiek', 'R2d/', 'R3/', 'R4/', 'R5/delier', 'R5/gedrag', 'R5/grz', 'R5/somatiek'],
    );
  }, 240_000);

  it('on random referrals over the full enum ranges (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: booleans.length, maxLength: booleans.length }),
        fc.constantFrom(...urgencies),
        fc.constantFrom('low', 'high'),
        fc.constantFrom(...conditions),
        async (bits, urgency, complexity, condition) => {
          const r = build(bits, urgency, complexity, condition);
          expect(await workflowRoute(r)).toEqual(evaluatorRoute(r));
        },
      ),
      { numRuns: 2000 },
    );
  }, 120_000);
});
