import type { Execution } from '../../local/workflow-engine';
import { routingFacts, type TriageTree } from '../../functions/domain/triage/tree-schema';

/** What must never be in an execution's history: the patient's identifiers and the people's free text. */
export interface Secrets {
  bsn: string;
  /** The full postcode as sent, e.g. `3021 AB`; its four digits are looked for too. */
  postcode: string;
  age: number;
  /** Free text typed by people: escalation notes, SO advice, decline reasons. */
  texts: string[];
}

export interface Finding {
  execution: string;
  /** `input`, `output`, `error`, or `<event type> <state name>` of the history. */
  where: string;
  /** A JSONPath-like path inside that data. */
  path: string;
  what: string;
}

/** Keys that only patient data or free text would use. */
const forbiddenKeys = new Set(['bsn', 'patientKey', 'postcode', 'age', 'note', 'advice', 'reasons', 'facts', 'detail', 'timeline']);

/** Every key and leaf of a JSON value, with its path. */
function walk(value: unknown, path: string, visit: { key: (path: string, key: string) => void; leaf: (path: string, leaf: unknown) => void }): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit.key(`${path}.${k}`, k);
      walk(v, `${path}.${k}`, visit);
    }
    return;
  }
  visit.leaf(path, value);
}

/**
 * The data of one execution as Step Functions' history would show it: its input and output,
 * every state's input and output, every task's payload and result, and an error's cause.
 * `state` data is the workflow's own JSON (where the Choice states read `$.referral`);
 * `task` data is what went to or came from a Lambda.
 */
export function executionData(e: Execution): Array<{ where: string; kind: 'state' | 'task'; data: unknown }> {
  if (!e.history) throw new Error(`execution ${e.name}: its history is no longer kept (the engine keeps the last 200)`);
  return [
    { where: 'input', kind: 'state' as const, data: e.input },
    { where: 'output', kind: 'state' as const, data: e.output },
    { where: 'error', kind: 'state' as const, data: e.error === undefined ? undefined : { error: e.error, cause: e.cause } },
    ...e.history.map((h) => ({ where: `${h.type} ${h.state}`, kind: h.type.startsWith('Task') ? ('task' as const) : ('state' as const), data: h.type === 'StateEntered' || h.type === 'TaskScheduled' ? h.input : h.output })),
  ].filter((d) => d.data !== undefined);
}

/**
 * Scans executions for identifiers and free text, and for routing facts outside the place
 * the triage Choice states read them (`$.referral`, and `$.factDefaults` while the defaults
 * of unasked facts are merged in) and the payload `referral` of the two steps that evaluate
 * the tree's parts (RecordDecision explains the route, PlaceCase walks the fallback plan). The urgency is not counted as a routing fact here: by
 * design it travels on (the consultation's wait and the admission clock are chosen by it).
 */
export function scanExecutions(executions: Execution[], secrets: Secrets, tree: TriageTree): Finding[] {
  const digits = secrets.postcode.slice(0, 4);
  const letters = secrets.postcode.slice(-2);
  const postcodeFull = new RegExp(`${digits}\\s*${letters}`, 'i');
  const postcodeDigits = new RegExp(`\\b${digits}\\b`);
  const age = new RegExp(`\\b${secrets.age}\\b`);
  const facts = routingFacts(tree).filter((f) => f !== 'presentation.urgency');
  const factKeys = new Set([...facts, ...facts.map((f) => f.split('.')[1] as string)]);
  const findings: Finding[] = [];
  for (const e of executions) {
    for (const { where, kind, data } of executionData(e)) {
      const found = (path: string, what: string) => findings.push({ execution: e.name, where, path, what });
      walk(data, '$', {
        key: (path, key) => {
          if (forbiddenKeys.has(key)) found(path, `key "${key}"`);
          // The two steps that evaluate the tree's parts (the explanation, the fallback plan) get the same facts as their payload.
          const evaluates = kind === 'task' && /^TaskScheduled (RecordDecision|PlaceCase)$/.test(where) && path.startsWith('$.referral.');
          const carriesFacts = evaluates || (kind === 'state' && (path.startsWith('$.referral.') || path.startsWith('$.factDefaults.')));
          if (factKeys.has(key) && !carriesFacts) found(path, `routing fact "${key}" outside $.referral`);
        },
        leaf: (path, leaf) => {
          if (typeof leaf === 'number' && leaf === secrets.age) found(path, `the age ${leaf}`);
          if (typeof leaf !== 'string') return;
          if (leaf.includes(secrets.bsn)) found(path, 'the BSN');
          if (postcodeFull.test(leaf)) found(path, 'the postcode');
          else if (postcodeDigits.test(leaf)) found(path, "the postcode's digits");
          if (age.test(leaf)) found(path, `the age in "${leaf}"`);
          for (const text of secrets.texts) if (leaf.includes(text)) found(path, `free text "${text}"`);
          // Anything that reads as a sentence is free text, whoever wrote it (the tree's reasons too).
          if (/\S+\s+\S+\s+\S+/.test(leaf)) found(path, `prose "${leaf.slice(0, 60)}"`);
        },
      });
    }
  }
  return findings;
}
