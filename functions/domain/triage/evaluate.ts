import type { Referral } from '../referral-schema';
import {
  expandCondition,
  factsRead,
  type Condition,
  type Destination,
  type TriageRule,
  type TriageTree,
  type Ward,
} from './tree-schema';

/** Where the tree sends a referral: what the workflow's Choice states compute too. */
export interface Route {
  ruleId: string;
  destination: Destination;
  ward?: Ward;
}

/** A route with its explanation, as stored on the case. */
export interface Decision extends Route {
  flags: string[];
  /** Short Dutch sentences for the GP, in the order the rules fired. */
  reasons: string[];
  /** Machine-readable ids of what fired: the rule, its ward choice, its flags. */
  ruleIds: string[];
  /** The facts the fired rules read, with their values. */
  facts: Record<string, unknown>;
  treeVersion: string;
}

export function readFact(referral: Referral, path: string): unknown {
  return path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown> | undefined)?.[key], referral);
}

export function holds(condition: Condition, referral: Referral, tree: TriageTree): boolean {
  const c = expandCondition(condition, tree.definitions);
  if ('fact' in c) {
    const value = readFact(referral, c.fact);
    return 'equals' in c ? value === c.equals : c.in.includes(String(value));
  }
  if ('all' in c) return c.all.every((x) => holds(x, referral, tree));
  if ('any' in c) return c.any.some((x) => holds(x, referral, tree));
  if ('not' in c) return !holds(c.not, referral, tree);
  throw new Error('unexpanded condition');
}

function firedRule(tree: TriageTree, referral: Referral): TriageRule {
  return tree.rules.find((rule) => rule.when && holds(rule.when, referral, tree)) ?? tree.fallback;
}

/** The first rule that applies decides; its ward choice picks the ward. */
export function route(tree: TriageTree, referral: Referral): Route {
  const rule = firedRule(tree, referral);
  const ward = rule.ward && (rule.ward.choose.find((w) => holds(w.when, referral, tree)) ?? rule.ward.otherwise).ward;
  return { ruleId: rule.id, destination: rule.destination, ...(ward ? { ward } : {}) };
}

/** Dutch label of a fact's value, from the tree's questions (enum options), else the raw value. */
function valueLabel(tree: TriageTree, fact: string, value: unknown): string {
  const question = tree.questions.find((q) => q.fact === fact);
  return question?.options?.find((o) => o.value === value)?.label ?? String(value);
}

/**
 * Explains a route for a referral: the fired rule's sentence, the ward choice, the flags.
 * Takes the route as given, so the workflow (which routes with Choice states) and the
 * evaluator explain with the same words.
 */
export function explain(tree: TriageTree, routed: Route, referral: Referral): Decision {
  const rule = [...tree.rules, tree.fallback].find((r) => r.id === routed.ruleId);
  if (!rule) throw new Error(`rule ${routed.ruleId} is not in tree ${tree.version}`);
  const reasons = [rule.reason.replace(/\{([a-zA-Z.]+)\}/g, (_, fact: string) => valueLabel(tree, fact, readFact(referral, fact)))];
  const ruleIds = [rule.id];
  const read = rule.when ? factsRead(rule.when, tree.definitions) : [];
  if (rule.ward && routed.ward) {
    const choice = rule.ward.choose.find((w) => w.ward === routed.ward) ?? rule.ward.otherwise;
    reasons.push(choice.text);
    ruleIds.push(`${rule.id}.ward.${routed.ward}`);
    for (const w of rule.ward.choose) read.push(...factsRead(w.when, tree.definitions));
  }
  const flags: string[] = [];
  for (const flag of rule.flags) {
    if (flag.when && !holds(flag.when, referral, tree)) continue;
    flags.push(flag.flag);
    reasons.push(flag.text);
    ruleIds.push(`${rule.id}.flag.${flag.flag}`);
    if (flag.when) read.push(...factsRead(flag.when, tree.definitions));
  }
  const facts = Object.fromEntries([...new Set(read)].map((f) => [f, readFact(referral, f)]));
  return { ...routed, flags, reasons, ruleIds, facts, treeVersion: tree.version };
}

/** The pure evaluator: route and explanation in one call. */
export function decide(tree: TriageTree, referral: Referral): Decision {
  return explain(tree, route(tree, referral), referral);
}
