import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseReferral, type FieldError } from '../domain/referral-schema';
import { decide } from '../domain/triage/evaluate';
import type { TriageTree } from '../domain/triage/tree-schema';
import { currentTree, trees } from '../domain/triage/trees';

/**
 * `npm run triage -- FILE.json` prints the decision for one referral as JSON;
 * `npm run triage -- --all DIR` prints one JSON line per *.json file, with "file".
 * `--tree VERSION` decides with that tree version (e.g. rotterdam-v1 for old cases); default the current tree.
 * Exit codes: 0 decided, 2 invalid input (every offending field listed on stderr), 1 usage.
 */

export interface CliResult {
  destination: string;
  ward?: string;
  treatingPhysician: string;
  flags: string[];
  reasons: string[];
  treeVersion: string;
}

export type Outcome = { ok: true; result: CliResult } | { ok: false; errors: FieldError[] };

export function triageText(text: string, tree: TriageTree = currentTree): Outcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: [{ path: '(file)', message: 'geen geldige JSON' }] };
  }
  const parsed = parseReferral(json);
  if (!parsed.ok) return parsed;
  const d = decide(tree, parsed.value);
  return {
    ok: true,
    result: {
      destination: d.destination,
      ...(d.ward ? { ward: d.ward } : {}),
      treatingPhysician: d.treatingPhysician,
      flags: d.flags,
      reasons: d.reasons,
      treeVersion: d.treeVersion,
    },
  };
}

export function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  const usage = `gebruik: npm run triage -- [--tree VERSIE] BESTAND.json | [--tree VERSIE] --all MAP (versies: ${Object.keys(trees).join(', ')}; standaard ${currentTree.version})`;
  let args = argv;
  let tree = currentTree;
  const at = args.indexOf('--tree');
  if (at >= 0) {
    const version = args[at + 1];
    const chosen = version === undefined || version.startsWith('-') ? undefined : trees[version];
    if (!chosen) {
      err(version === undefined || version.startsWith('-') ? usage : `onbekende triageboom ${version}; ${usage}`);
      return 1;
    }
    tree = chosen;
    args = [...args.slice(0, at), ...args.slice(at + 2)];
  }
  const read = (file: string): Outcome => {
    try {
      return triageText(readFileSync(file, 'utf8'), tree);
    } catch (e) {
      return { ok: false, errors: [{ path: '(file)', message: `kan ${file} niet lezen: ${(e as Error).message}` }] };
    }
  };
  const report = (file: string, errors: FieldError[]) => {
    for (const e of errors) err(`${file}: ${e.path}: ${e.message}`);
  };
  if (args[0] === '--all') {
    const dir = args[1];
    if (!dir || args.length > 2 || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      err(usage);
      return 1;
    }
    let invalid = false;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const outcome = read(join(dir, name));
      if (outcome.ok) out(JSON.stringify({ file: name, ...outcome.result }));
      else {
        invalid = true;
        out(JSON.stringify({ file: name, errors: outcome.errors }));
        report(name, outcome.errors);
      }
    }
    return invalid ? 2 : 0;
  }
  if (args.length !== 1 || args[0]?.startsWith('-')) {
    err(usage);
    return 1;
  }
  const file = args[0] as string;
  const outcome = read(file);
  if (!outcome.ok) {
    report(basename(file), outcome.errors);
    return 2;
  }
  out(JSON.stringify(outcome.result, null, 2));
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  process.exitCode = runCli(process.argv.slice(2), console.log, console.error);
}
