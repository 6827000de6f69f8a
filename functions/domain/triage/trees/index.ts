import { loadTree, type TriageTree } from '../tree-schema';
import rotterdamV1 from './rotterdam-v1.json';
import rotterdamV2 from './rotterdam-v2.json';

/**
 * Every tree version ever used, by version id: a case keeps the version that decided it,
 * so old versions stay here. `currentTree` is the one new referrals are triaged with.
 */
export const trees: Record<string, TriageTree> = Object.fromEntries(
  [rotterdamV1, rotterdamV2].map((definition) => {
    const tree = loadTree(definition);
    return [tree.version, tree];
  }),
);

export const currentTreeVersion = 'rotterdam-v2';

export function treeByVersion(version: string): TriageTree {
  const tree = trees[version];
  if (!tree) throw new Error(`unknown triage tree version ${version}`);
  return tree;
}

export const currentTree: TriageTree = treeByVersion(currentTreeVersion);
