import * as z from 'zod';

/**
 * The triage tree as data. One versioned definition per region drives the evaluator,
 * the Choice states of the Step Functions workflow and the questions of the web form.
 */

export const destinations = ['call_112', 'home', 'herstelkliniek', 'wijkkliniek', 'reo_bed', 'seh'] as const;
export type Destination = (typeof destinations)[number];

export const herstelkliniekWards = ['grz', 'somatiek', 'delier', 'structuur', 'gedrag', 'palliatief'] as const;
export type Ward = (typeof herstelkliniekWards)[number];

/** Who leads care (hoofdbehandelaar) at each destination; every decision names one. */
export const treatingPhysicians = ['gp', 'so', 'medical_specialist', 'none'] as const;
export type TreatingPhysician = (typeof treatingPhysicians)[number];

/** One table for every tree version: a v1 decision, explained again, gets it by the same table. */
export const treatingPhysicianByDestination: Record<Destination, TreatingPhysician> = {
  home: 'gp',
  reo_bed: 'gp',
  herstelkliniek: 'so',
  wijkkliniek: 'medical_specialist',
  seh: 'medical_specialist',
  call_112: 'none',
};

/** A fact is a dotted path into the referral, e.g. `presentation.delirium`. */
const factPath = z.string().regex(/^(patient|acp|presentation|referrer)\.[a-zA-Z]+$/);

export type Condition =
  | { fact: string; equals: boolean | string }
  | { fact: string; in: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { ref: string };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ fact: factPath, equals: z.union([z.boolean(), z.string()]) }).strict(),
    z.object({ fact: factPath, in: z.array(z.string()).min(1) }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z.object({ ref: z.string() }).strict(),
  ]),
);

const pascalCase = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'state names are PascalCase');

const flagSchema = z
  .object({
    flag: z.string().regex(/^[a-z][a-z0-9_]*$/),
    when: conditionSchema.optional(),
    /** Dutch sentence shown with the decision when the flag is raised. */
    text: z.string().min(1),
  })
  .strict();

/** A flag written once in `flagDefinitions` and used by several rules as `{ "$ref": name }`. */
const flagRefSchema = z.object({ $ref: z.string() }).strict();

const wardChoiceSchema = z
  .object({
    /** In order, first match; may be empty for a rule with one fixed ward. */
    choose: z.array(z.object({ when: conditionSchema, ward: z.enum(herstelkliniekWards), text: z.string() }).strict()),
    otherwise: z.object({ ward: z.enum(herstelkliniekWards), text: z.string() }).strict(),
  })
  .strict();

const ruleSchema = z
  .object({
    id: z.string().regex(/^R\d+[a-z]?$/),
    /** PascalCase; becomes the name of the rule's states in the workflow. */
    name: pascalCase,
    when: conditionSchema,
    destination: z.enum(destinations),
    /** Ward by need (herstelkliniek only): inline, or `{ "$ref": name }` into `wardChoices`. */
    ward: z.union([wardChoiceSchema, z.object({ $ref: z.string() }).strict()]).optional(),
    /** In order; inline, or `{ "$ref": name }` into `flagDefinitions`. */
    flags: z.array(z.union([flagSchema, flagRefSchema])).default([]),
    /** Dutch sentence for the GP; `{fact.path}` is replaced by the fact's Dutch value label. */
    reason: z.string().min(1),
  })
  .strict();

const questionSchema = z
  .object({
    fact: factPath,
    label: z.string().min(1),
    help: z.string().optional(),
    type: z.enum(['boolean', 'enum', 'integer', 'text', 'datetime']),
    options: z.array(z.object({ value: z.string(), label: z.string() }).strict()).optional(),
    optional: z.boolean().optional(),
    /** What the tree takes when an optional fact was not sent; its explanation then says "niet gevraagd". */
    default: z.union([z.boolean(), z.string()]).optional(),
  })
  .strict();

export const treeSchema = z
  .object({
    region: z.string().regex(/^[a-z-]+$/),
    version: z.string().regex(/^[a-z-]+-v\d+$/),
    title: z.string(),
    questions: z.array(questionSchema).min(1),
    definitions: z.record(z.string(), conditionSchema).default({}),
    wardChoices: z.record(z.string(), wardChoiceSchema).default({}),
    flagDefinitions: z.record(z.string(), flagSchema).default({}),
    rules: z.array(ruleSchema).min(1),
    /** Where the tree lands when no rule applies: a tree must always decide. */
    fallback: ruleSchema.omit({ when: true }),
  })
  .strict()
  .superRefine((tree, ctx) => {
    const names = [...tree.rules.map((r) => r.name), tree.fallback.name];
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `duplicate rule name ${dup}` });
    const known = new Set(tree.questions.map((q) => q.fact));
    for (const q of tree.questions) {
      if (q.default === undefined) continue;
      if (!q.optional) ctx.addIssue({ code: 'custom', message: `${q.fact}: only an optional question has a default` });
      const fits = q.type === 'boolean' ? typeof q.default === 'boolean' : q.type === 'enum' && q.options?.some((o) => o.value === q.default);
      if (!fits) ctx.addIssue({ code: 'custom', message: `${q.fact}: default ${String(q.default)} does not fit a ${q.type} question` });
    }
    const check = (c: Condition, where: string): void => {
      if ('fact' in c && !known.has(c.fact)) ctx.addIssue({ code: 'custom', message: `${where}: unknown fact ${c.fact}` });
      if ('ref' in c && !(c.ref in tree.definitions)) ctx.addIssue({ code: 'custom', message: `${where}: unknown ref ${c.ref}` });
      if ('all' in c) c.all.forEach((x) => check(x, where));
      if ('any' in c) c.any.forEach((x) => check(x, where));
      if ('not' in c) check(c.not, where);
    };
    Object.entries(tree.definitions).forEach(([k, c]) => check(c, `definition ${k}`));
    Object.entries(tree.flagDefinitions).forEach(([k, f]) => f.when && check(f.when, `flag definition ${k}`));
    for (const rule of [...tree.rules, tree.fallback]) {
      if ('when' in rule) check(rule.when as Condition, rule.id);
      for (const f of rule.flags) {
        if ('$ref' in f) {
          if (!(f.$ref in tree.flagDefinitions)) ctx.addIssue({ code: 'custom', message: `${rule.id}: unknown flag ${f.$ref}` });
        } else if (f.when) check(f.when, `${rule.id} flag ${f.flag}`);
      }
      const flagNames = rule.flags.map((f) => ('$ref' in f ? tree.flagDefinitions[f.$ref]?.flag : f.flag));
      const twice = flagNames.find((n, i) => n && flagNames.indexOf(n) !== i);
      if (twice) ctx.addIssue({ code: 'custom', message: `${rule.id}: flag ${twice} twice` });
      const ward = rule.ward && ('$ref' in rule.ward ? tree.wardChoices[rule.ward.$ref] : rule.ward);
      if (rule.ward && !ward) ctx.addIssue({ code: 'custom', message: `${rule.id}: unknown ward choice` });
      ward?.choose.forEach((w) => check(w.when, `${rule.id} ward ${w.ward}`));
      if (!rule.ward && rule.destination === 'herstelkliniek') ctx.addIssue({ code: 'custom', message: `${rule.id}: herstelkliniek needs a ward` });
      if (rule.ward && rule.destination !== 'herstelkliniek') {
        ctx.addIssue({ code: 'custom', message: `${rule.id}: only herstelkliniek has wards` });
      }
    }
  });

type ParsedTree = z.output<typeof treeSchema>;
export type WardChoice = z.output<typeof wardChoiceSchema>;
export type Flag = z.output<typeof flagSchema>;
type ParsedRule = ParsedTree['rules'][number];

/** A rule with its ward choice and flags resolved; the fallback is a rule that always applies. */
export type TriageRule = Omit<ParsedRule, 'ward' | 'when' | 'flags'> & { when?: Condition; ward?: WardChoice; flags: Flag[] };
export type TriageTree = Omit<ParsedTree, 'rules' | 'fallback'> & {
  rules: TriageRule[];
  fallback: TriageRule;
  /** The value an optional fact takes when it was not sent, by fact (from the questions' `default`). */
  defaults: Record<string, boolean | string>;
};

/** Validates a tree definition and resolves its ward and flag references. Throws on an invalid tree. */
export function loadTree(definition: unknown): TriageTree {
  const parsed = treeSchema.parse(definition);
  const resolve = <R extends Pick<ParsedRule, 'ward' | 'flags'>>(rule: R) => ({
    ...rule,
    ward: rule.ward && ('$ref' in rule.ward ? parsed.wardChoices[rule.ward.$ref] : rule.ward),
    flags: rule.flags.map((f) => ('$ref' in f ? (parsed.flagDefinitions[f.$ref] as Flag) : f)),
  });
  const defaults = Object.fromEntries(parsed.questions.flatMap((q) => (q.default === undefined ? [] : [[q.fact, q.default] as const])));
  return { ...parsed, rules: parsed.rules.map(resolve), fallback: resolve(parsed.fallback), defaults };
}
export type Question = TriageTree['questions'][number];

/** Replaces every `{ ref }` by its definition, so evaluator and workflow see the same plain condition. */
export function expandCondition(condition: Condition, definitions: Record<string, Condition>): Condition {
  if ('ref' in condition) {
    const def = definitions[condition.ref];
    if (!def) throw new Error(`unknown condition ref ${condition.ref}`);
    return expandCondition(def, definitions);
  }
  if ('all' in condition) return { all: condition.all.map((c) => expandCondition(c, definitions)) };
  if ('any' in condition) return { any: condition.any.map((c) => expandCondition(c, definitions)) };
  if ('not' in condition) return { not: expandCondition(condition.not, definitions) };
  return condition;
}

/** Every fact the tree's rules, ward choices and flags read: all a workflow needs to route. */
export function routingFacts(tree: TriageTree): string[] {
  const conditions: Condition[] = [
    ...Object.values(tree.definitions),
    ...[...tree.rules, tree.fallback].flatMap((r) => [
      ...(r.when ? [r.when] : []),
      ...r.flags.flatMap((f) => (f.when ? [f.when] : [])),
      ...(r.ward?.choose.map((w) => w.when) ?? []),
    ]),
  ];
  return [...new Set(conditions.flatMap((c) => factsRead(c, tree.definitions)))].sort();
}

/** The facts a condition reads, in order of first appearance. */
export function factsRead(condition: Condition, definitions: Record<string, Condition>): string[] {
  const out: string[] = [];
  const walk = (c: Condition): void => {
    if ('fact' in c) {
      if (!out.includes(c.fact)) out.push(c.fact);
    } else if ('ref' in c) walk(expandCondition(c, definitions));
    else if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else walk(c.not);
  };
  walk(condition);
  return out;
}
