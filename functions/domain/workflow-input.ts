import type { Referral } from './referral-schema';
import type { Route } from './triage/evaluate';
import { routingFacts, type TriageTree } from './triage/tree-schema';

/** What the referral workflow's RecordDecision step receives: the route its Choice states took. */
export interface WorkflowInput {
  caseId: string;
  treeVersion: string;
  route: Route;
}

const factsOfTree = new WeakMap<TriageTree, string[]>();

/**
 * What the workflow execution carries of a referral: the facts the tree routes on, plus the
 * urgency (the consultation step reads it). No BSN, postcode or age: Step Functions keeps
 * the execution's history.
 */
export function workflowFacts(referral: Referral, tree: TriageTree): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
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
