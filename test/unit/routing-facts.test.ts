import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { referralArbitrary } from '../support/referral-arbitrary';
import { explain, route } from '../../functions/domain/triage/evaluate';
import { treeByVersion } from '../../functions/domain/triage/trees';
import { planPlacement } from '../../functions/domain/placement-plan';
import { asReferral, workflowFacts } from '../../functions/domain/workflow-input';
import { sampleFacilities } from '../../local/seed';

/**
 * The workflow steps after the tree get the routing facts the execution carries, not the
 * case (issue 13: no step re-reads it). That is only right if the explanation and the
 * fallback plan read nothing else: on any referral, the facts alone give the same decision,
 * reasons and plan as the whole referral with its BSN, age and postcode.
 */
// With a BSN and an age of its own: neither may play a part.
const referralArb = referralArbitrary(fc.record({ bsn: fc.constant('111222333'), age: fc.integer({ min: 65, max: 105 }) }));

const facilities = sampleFacilities();

describe('the routing facts are all the steps after the tree need', () => {
  for (const version of ['rotterdam-v1', 'rotterdam-v2']) {
    const tree = treeByVersion(version);
    it(`${version}: the same decision with its reasons, and the same placement plan (2,000 referrals)`, () => {
      fc.assert(
        fc.property(referralArb, fc.integer({ min: 0, max: 23 }), (referral, hour) => {
          const facts = asReferral(workflowFacts(referral, tree));
          const routed = route(tree, referral);
          const decision = explain(tree, routed, referral);
          expect(explain(tree, routed, facts)).toEqual(decision);
          const at = new Date(Date.UTC(2026, 10, 23, hour));
          const input = { decision, district: 'Delfshaven', facilities, at, tree };
          expect(planPlacement({ ...input, referral: facts })).toEqual(planPlacement({ ...input, referral }));
        }),
        { numRuns: 2_000 },
      );
    });
  }

  it('carry no BSN, postcode or age', () => {
    const referral = referralArb.filter((r) => r.patient.age !== undefined);
    fc.assert(
      fc.property(referral, (r) => {
        const text = JSON.stringify(workflowFacts(r, treeByVersion('rotterdam-v2')));
        expect(text).not.toMatch(/111222333|3021|"age"|"bsn"|"postcode"/);
      }),
      { numRuns: 200 },
    );
  });
});
