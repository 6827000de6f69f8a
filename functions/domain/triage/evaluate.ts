import type { Referral } from '../referral-schema';
import {
  expandCondition,
  factsRead,
  treatingPhysicianByDestination,
  type Condition,
  type Destination,
  type TreatingPhysician,
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
  /** Who leads care at the destination (hoofdbehandelaar), by one table for every tree version. */
  treatingPhysician: TreatingPhysician;
  flags: string[];
  /** Short Dutch sentences for the GP, in the order the rules fired. */
  reasons: string[];
  /** Machine-readable ids of what fired: the rule, its ward choice, its flags. */
  ruleIds: string[];
  /** The facts the fired rules read, with their values (a fact not sent: the value the tree took). */
  facts: Record<string, unknown>;
  treeVersion: string;
}

export function readFact(referral: Referral, path: string): unknown {
  return path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown> | undefined)?.[key], referral);
}

/** A fact's value as the tree sees it: as sent, or the tree's default when an optional fact was not sent. */
export function factValue(tree: TriageTree, referral: Referral, path: string): unknown {
  return readFact(referral, path) ?? tree.defaults[path];
}

function test(c: Condition, referral: Referral, tree: TriageTree, consulted?: Set<string>): boolean {
  if ('fact' in c) {
    consulted?.add(c.fact);
    const value = factValue(tree, referral, c.fact);
    return 'equals' in c ? value === c.equals : c.in.includes(String(value));
  }
  // every/some stop at the first answer: `consulted` holds only the facts that decided.
  if ('all' in c) return c.all.every((x) => test(x, referral, tree, consulted));
  if ('any' in c) return c.any.some((x) => test(x, referral, tree, consulted));
  if ('not' in c) return !test(c.not, referral, tree, consulted);
  throw new Error('unexpanded condition');
}

/**
 * Whether a condition holds for a referral. `consulted`, when given, collects the facts the
 * evaluation looked at (it stops at the first answer of an all/any).
 */
export function holds(condition: Condition, referral: Referral, tree: TriageTree, consulted?: Set<string>): boolean {
  return test(expandCondition(condition, tree.definitions), referral, tree, consulted);
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

/** Dutch label of a fact's value, from the tree's questions (enum options), ja/nee, else the raw value. */
function valueLabel(tree: TriageTree, fact: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  const question = tree.questions.find((q) => q.fact === fact);
  return question?.options?.find((o) => o.value === value)?.label ?? String(value);
}

/**
 * Explains a route for a referral: the fired rule's sentence, the ward choice, the flags, the
 * treating physician, and each optional fact the tree looked at but that was not sent
 * ("…: niet gevraagd: nee."). Takes the route as given, so the workflow (which routes with
 * Choice states) and the evaluator explain with the same words.
 */
export function explain(tree: TriageTree, routed: Route, referral: Referral): Decision {
  const rule = [...tree.rules, tree.fallback].find((r) => r.id === routed.ruleId);
  if (!rule) throw new Error(`rule ${routed.ruleId} is not in tree ${tree.version}`);
  const reasons = [rule.reason.replace(/\{([a-zA-Z.]+)\}/g, (_, fact: string) => valueLabel(tree, fact, factValue(tree, referral, fact)))];
  const ruleIds = [rule.id];
  const read = rule.when ? factsRead(rule.when, tree.definitions) : [];
  // What the tree looked at on its way here: the rules before this one, this one, its ward and flags.
  const consulted = new Set<string>();
  for (const r of tree.rules) {
    if (r === rule) break;
    if (r.when) holds(r.when, referral, tree, consulted);
  }
  if (rule.when) holds(rule.when, referral, tree, consulted);
  if (rule.ward && routed.ward) {
    const choice = rule.ward.choose.find((w) => w.ward === routed.ward) ?? rule.ward.otherwise;
    reasons.push(choice.text);
    ruleIds.push(`${rule.id}.ward.${routed.ward}`);
    for (const w of rule.ward.choose) {
      read.push(...factsRead(w.when, tree.definitions));
      if (holds(w.when, referral, tree, consulted)) break;
    }
  }
  const flags: string[] = [];
  for (const flag of rule.flags) {
    if (flag.when && !holds(flag.when, referral, tree, consulted)) continue;
    flags.push(flag.flag);
    reasons.push(flag.text);
    ruleIds.push(`${rule.id}.flag.${flag.flag}`);
    if (flag.when) read.push(...factsRead(flag.when, tree.definitions));
  }
  for (const q of tree.questions) {
    if (q.default === undefined || !consulted.has(q.fact) || readFact(referral, q.fact) !== undefined) continue;
    reasons.push(`${q.label}: niet gevraagd: ${valueLabel(tree, q.fact, q.default)}.`);
  }
  const facts = Object.fromEntries([...new Set(read)].map((f) => [f, factValue(tree, referral, f)]));
  return {
    ...routed,
    treatingPhysician: treatingPhysicianByDestination[routed.destination],
    flags,
    reasons,
    ruleIds,
    facts,
    treeVersion: tree.version,
  };
}

/** The pure evaluator: route and explanation in one call. */
export function decide(tree: TriageTree, referral: Referral): Decision {
  return explain(tree, route(tree, referral), referral);
}
