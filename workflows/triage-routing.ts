import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { expandCondition, type Condition, type TriageRule, type TriageTree } from '../functions/domain/triage/tree-schema';

/** Where the referral facts sit in the workflow's state. */
export const referralPath = '$.referral';

/** A tree condition as a Step Functions Choice condition. */
export function toChoiceCondition(condition: Condition, tree: TriageTree): sfn.Condition {
  const c = expandCondition(condition, tree.definitions);
  if ('fact' in c) {
    const variable = `${referralPath}.${c.fact}`;
    if ('in' in c) return sfn.Condition.or(...c.in.map((v) => sfn.Condition.stringEquals(variable, v)));
    return typeof c.equals === 'boolean'
      ? sfn.Condition.booleanEquals(variable, c.equals)
      : sfn.Condition.stringEquals(variable, c.equals);
  }
  if ('all' in c) return sfn.Condition.and(...c.all.map((x) => toChoiceCondition(x, tree)));
  if ('any' in c) return sfn.Condition.or(...c.any.map((x) => toChoiceCondition(x, tree)));
  if ('not' in c) return sfn.Condition.not(toChoiceCondition(c.not, tree));
  throw new Error('unexpanded condition');
}

/** The outcome of one rule: a Pass state that records the route, then a ward Choice if the rule has one. */
function outcome(scope: Construct, rule: TriageRule, tree: TriageTree, next: sfn.IChainable): sfn.IChainable {
  const setRoute = new sfn.Pass(scope, rule.name, {
    comment: `${rule.id}: ${rule.reason}`,
    result: sfn.Result.fromObject({ ruleId: rule.id, destination: rule.destination }),
    resultPath: '$.route',
  });
  if (!rule.ward) return setRoute.next(next);
  const wardOf = (ward: string, text: string) =>
    new sfn.Pass(scope, `${rule.name}Ward${ward.charAt(0).toUpperCase()}${ward.slice(1)}`, {
      comment: text,
      result: sfn.Result.fromString(ward),
      resultPath: '$.route.ward',
    }).next(next);
  const choice = new sfn.Choice(scope, `${rule.name}Ward`, { comment: 'Afdeling naar behoefte' });
  return setRoute.next(
    rule.ward.choose
      .reduce((c, w) => c.when(toChoiceCondition(w.when, tree), wardOf(w.ward, w.text)), choice)
      .otherwise(wardOf(rule.ward.otherwise.ward, rule.ward.otherwise.text)),
  );
}

/**
 * The tree as Choice states, generated at synth time: one "Check<Rule>" state per rule, in
 * order, each falling through to the next; so the console graph is the tree itself.
 * Every outcome writes `$.route = { ruleId, destination, ward? }` and continues with `next`.
 */
export function triageRouting(scope: Construct, triageTree: TriageTree, next: sfn.IChainable): sfn.IChainable {
  let chain: sfn.IChainable = outcome(scope, triageTree.fallback, triageTree, next);
  for (const rule of [...triageTree.rules].reverse()) {
    if (!rule.when) throw new Error(`rule ${rule.id} has no condition`);
    chain = new sfn.Choice(scope, `Check${rule.name}`, { comment: `${rule.id}: ${rule.reason}` })
      .when(toChoiceCondition(rule.when, triageTree), outcome(scope, rule, triageTree, next))
      .otherwise(chain);
  }
  return chain;
}
