import type { Referral } from './referral-schema';
import type { Decision, Route } from './triage/evaluate';
import { routingFacts, type Destination, type TriageTree } from './triage/tree-schema';

/**
 * The facts the tree routes on, by group (`presentation.delirium` → `{ presentation: { delirium } }`),
 * plus the urgency. No BSN, postcode or age: Step Functions keeps the execution's history.
 */
export type RoutingFacts = Record<string, Record<string, unknown>>;

/**
 * What the referral workflow carries from its start, so its steps need not read the case
 * again (issue 13): ids, codes and routing facts only.
 * - `district`: the district code the placement ranks facilities by and the team is rostered
 *   for ('' when the postcode is outside the region's districts);
 * - `startedBy`: the username on whose behalf the system acts (the access log names them).
 */
export type WorkflowStart = {
  caseId: string;
  treeVersion: string;
  referral: RoutingFacts;
  district: string;
  startedBy: string;
};

/** What the referral workflow's RecordDecision step receives: the route its Choice states took, and the facts they read. */
export type WorkflowInput = Omit<WorkflowStart, 'district'> & { route: Route };

/** The decision as the workflow carries it (RecordDecision's output): codes only. */
export type RoutedDecision = {
  ruleId: string;
  destination: Destination;
  ward?: Decision['ward'];
  soConsultation: boolean;
  /** The tree's flag `fact_vvt`: at home the FACT-VVT team confirms too (absent in executions started before it). */
  factVvt?: boolean;
};

const factsOfTree = new WeakMap<TriageTree, string[]>();

/**
 * What the workflow execution carries of a referral: the facts the tree routes on, plus the
 * urgency (the consultation step reads it). No BSN, postcode or age: Step Functions keeps
 * the execution's history.
 */
export function workflowFacts(referral: Referral, tree: TriageTree): RoutingFacts {
  const out: RoutingFacts = {};
  let facts = factsOfTree.get(tree);
  if (!facts) factsOfTree.set(tree, (facts = [...new Set([...routingFacts(tree), 'presentation.urgency'])]));
  for (const fact of facts) {
    const [group, key] = fact.split('.') as [keyof Referral, string];
    const value = (referral[group] as Record<string, unknown>)[key];
    // An optional fact not sent stays absent (as in JSON), so the tree's default applies to it.
    const groupFacts = (out[group] ??= {});
    if (value !== undefined) groupFacts[key] = value;
  }
  return out;
}

/**
 * The routing facts read as a referral, for the pure functions that take one (`explain`,
 * `planPlacement`): they read routing facts only, so they answer on these as on the whole
 * referral (test/unit/routing-facts.test.ts holds them to that).
 */
export const asReferral = (facts: RoutingFacts): Referral => ({ patient: {}, presentation: {}, acp: {}, referrer: {}, ...facts }) as unknown as Referral;

/**
 * The input of a placement again (the coordinator's, or after a correction of the decision):
 * the same codes as at the start, and the decision in force in place of the tree's route, so
 * the workflow skips the tree and PlaceCase reads nothing.
 */
export function placeAgainInput(
  c: { caseId: string; district?: string | undefined; referral: Referral; decision: Pick<Decision, 'treeVersion' | 'ruleId' | 'destination' | 'ward'> & { flags?: readonly string[] } },
  startedBy: string,
  tree: TriageTree,
): WorkflowStart & { placeAgain: true; decision: RoutedDecision } {
  const { ruleId, destination, ward } = c.decision;
  return {
    caseId: c.caseId,
    placeAgain: true,
    treeVersion: c.decision.treeVersion,
    referral: workflowFacts(c.referral, tree),
    district: c.district ?? '',
    startedBy,
    decision: { ruleId, destination, ...(ward ? { ward } : {}), soConsultation: false, factVvt: !!c.decision.flags?.includes('fact_vvt') },
  };
}
