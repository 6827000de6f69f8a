import { describe, expect, it } from 'vitest';
import { loadTree } from '../../functions/domain/triage/tree-schema';
import { trees, currentTree } from '../../functions/domain/triage/trees';
import { referralSchema } from '../../functions/domain/referral-schema';
import rotterdamV1 from '../../functions/domain/triage/trees/rotterdam-v1.json';
import rotterdamV2 from '../../functions/domain/triage/trees/rotterdam-v2.json';

const clone = () => structuredClone(rotterdamV1) as any;
const cloneV2 = () => structuredClone(rotterdamV2) as any;

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
    expect(Object.keys(trees).sort()).toEqual(['rotterdam-v1', 'rotterdam-v2']);
    expect(currentTree.version).toBe('rotterdam-v2');
  });

  it('asks the facts added with v2 as optional questions that count as no when not sent', () => {
    const added = ['patient.carerOverburdened', 'presentation.palliativePhase', 'presentation.suspectedFracture', 'presentation.treatableAtHome', 'presentation.medicationProblem'];
    expect(Object.keys(currentTree.defaults).sort()).toEqual(added.sort());
    for (const fact of added) {
      expect(currentTree.questions.find((q) => q.fact === fact)).toMatchObject({ type: 'boolean', optional: true, default: false });
    }
    // v1 did not ask them, and has no defaults.
    expect(trees['rotterdam-v1']?.defaults).toEqual({});
  });

  it('is refused with a default on a required question, or one that does not fit the question', () => {
    const a = cloneV2();
    a.questions.find((q: any) => q.fact === 'presentation.delirium').default = false;
    expect(() => loadTree(a)).toThrow(/only an optional question has a default/);
    const b = cloneV2();
    b.questions.find((q: any) => q.fact === 'presentation.suspectedFracture').default = 'nee';
    expect(() => loadTree(b)).toThrow(/does not fit a boolean question/);
  });

  it('is refused with an unknown flag reference, a flag twice in a rule, or a herstelkliniek rule without a ward', () => {
    const a = cloneV2();
    a.rules[0].flags.push({ $ref: 'nowhere' });
    expect(() => loadTree(a)).toThrow(/unknown flag nowhere/);
    const b = cloneV2();
    b.rules[0].flags.push({ $ref: 'medicationReview' });
    expect(() => loadTree(b)).toThrow(/flag medication_review twice/);
    const c = cloneV2();
    delete c.fallback.ward;
    expect(() => loadTree(c)).toThrow(/herstelkliniek needs a ward/);
  });

  it('resolves shared flags into each rule that names them', () => {
    const fallback = currentTree.fallback;
    expect(fallback.flags.map((f) => f.flag)).toEqual(['so_consultation', 'carer_support', 'not_home_alone', 'acp_discuss', 'medication_review']);
    expect(fallback.flags.every((f) => f.text.length > 0)).toBe(true);
  });
});
