import { describe, expect, it } from 'vitest';
import { loadTree } from '../../functions/domain/triage/tree-schema';
import { trees, currentTree } from '../../functions/domain/triage/trees';
import { referralSchema } from '../../functions/domain/referral-schema';
import rotterdamV1 from '../../functions/domain/triage/trees/rotterdam-v1.json';

const clone = () => structuredClone(rotterdamV1) as any;

describe('a tree definition', () => {
  it('asks a Dutch question for every fact of the referral contract', () => {
    const contract = Object.entries(referralSchema.shape).flatMap(([group, schema]) =>
      Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape).map((k) => `${group}.${k}`),
    );
    expect(currentTree.questions.map((q) => q.fact).sort()).toEqual(contract.sort());
    for (const q of currentTree.questions) expect(q.label).toMatch(/\S/);
  });

  it('is refused when a rule reads a fact no question asks', () => {
    const tree = clone();
    tree.rules[0].when = { fact: 'presentation.temperature', equals: true };
    expect(() => loadTree(tree)).toThrow(/unknown fact presentation.temperature/);
  });

  it('is refused when it refers to a condition it does not define', () => {
    const tree = clone();
    tree.rules[1].when = { ref: 'nowhere' };
    expect(() => loadTree(tree)).toThrow(/unknown ref nowhere/);
  });

  it('is refused with an unknown destination or two rules of one name', () => {
    const a = clone();
    a.rules[0].destination = 'huisartsenpost';
    expect(() => loadTree(a)).toThrow();
    const b = clone();
    b.rules[1].name = b.rules[0].name;
    expect(() => loadTree(b)).toThrow(/duplicate rule name/);
  });

  it('keeps every version by id, so old cases are explained by the tree that decided them', () => {
    expect(Object.keys(trees)).toContain('rotterdam-v1');
    expect(currentTree.version).toBe('rotterdam-v1');
  });
});
