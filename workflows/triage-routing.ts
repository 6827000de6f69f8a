import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { expandCondition, routingFacts, type Condition, type TriageRule, type TriageTree } from '../functions/domain/triage/tree-schema';

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

const pascal = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** Where the defaults of unasked facts sit in the workflow's state while they are applied. */
export const factDefaultsPath = '$.factDefaults';

/**
 * An optional fact the referral did not send takes the tree's default before the first rule,
 * so every condition after it reads a present value (a Choice rule on a missing path fails the
 * execution). Per group of the referral: `FactDefaults` holds the defaults, `MergeFactDefaults`
 * merges each group over them (States.JsonMerge: the sent value wins), and `Apply<Group>Facts`
 * puts the merged group back. A tree without defaults (v1) gets none of these states.
 */
function applyDefaults(scope: Construct, tree: TriageTree, next: sfn.IChainable): sfn.IChainable {
  const byGroup: Record<string, Record<string, boolean | string>> = {};
  for (const fact of routingFacts(tree)) {
    const value = tree.defaults[fact];
    const [group, key] = fact.split('.') as [string, string];
    if (value !== undefined) (byGroup[group] ??= {})[key] = value;
  }
  const groups = Object.keys(byGroup);
  if (!groups.length) return next;
  const said = (v: boolean | string) => (v === true ? 'ja' : v === false ? 'nee' : v);
  const unasked = Object.entries(byGroup).flatMap(([g, facts]) => Object.entries(facts).map(([k, v]) => {
    const label = tree.questions.find((q) => q.fact === `${g}.${k}`)?.label ?? `${g}.${k}`;
    return `${label}: ${said(v)}`;
  }));
  const defaults = new sfn.Pass(scope, 'FactDefaults', {
    comment: `Niet gevraagd telt als: ${unasked.join('; ')}`,
    // Parameters, not Result: a fresh object per execution, which the merge below may change in place.
    parameters: byGroup,
    resultPath: factDefaultsPath,
  });
  const merge = new sfn.Pass(scope, 'MergeFactDefaults', {
    comment: 'Wat de verwijzer stuurde gaat voor; het ontbrekende krijgt de standaardwaarde.',
    parameters: Object.fromEntries(
      groups.map((g) => [g, sfn.JsonPath.jsonMerge(sfn.JsonPath.objectAt(`${factDefaultsPath}.${g}`), sfn.JsonPath.objectAt(`${referralPath}.${g}`))]),
    ),
    resultPath: factDefaultsPath,
  });
  const apply = groups.map((g) => new sfn.Pass(scope, `Apply${pascal(g)}Facts`, { inputPath: `${factDefaultsPath}.${g}`, resultPath: `${referralPath}.${g}` }));
  let chain: sfn.IChainable = next;
  for (const step of [defaults, merge, ...apply].reverse()) chain = step.next(chain);
  return chain;
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
    new sfn.Pass(scope, `${rule.name}Ward${pascal(ward)}`, {
      comment: text,
      result: sfn.Result.fromString(ward),
      resultPath: '$.route.ward',
    }).next(next);
  // One fixed ward, nothing to choose: a Pass (a Choice state needs at least one rule).
  if (!rule.ward.choose.length) return setRoute.next(wardOf(rule.ward.otherwise.ward, rule.ward.otherwise.text));
  const choice = new sfn.Choice(scope, `${rule.name}Ward`, { comment: 'Afdeling naar behoefte' });
  return setRoute.next(
    rule.ward.choose
      .reduce((c, w) => c.when(toChoiceCondition(w.when, tree), wardOf(w.ward, w.text)), choice)
      .otherwise(wardOf(rule.ward.otherwise.ward, rule.ward.otherwise.text)),
  );
}

/**
 * The tree as Choice states, generated at synth time: first the defaults of optional facts
 * not sent, then one "Check<Rule>" state per rule, in order, each falling through to the
 * next; so the console graph is the tree itself.
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
  return applyDefaults(scope, triageTree, chain);
}
