import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { facilityKinds, facilitySchema, type Facility, type FacilityKind } from '../domain/facility';
import { config } from '../config';
import { hospitalStay as configuredStay, hospitalStayDefault } from '../domain/outcomes';
import { parseReferral, type Referral } from '../domain/referral-schema';
import { currentTree, trees } from '../domain/triage/trees';
import { applyBedChanges, bedsPerKind, parseBedChange, type BedChange } from '../domain/whatif/beds';
import { lengthOfStayDefaults, lengthOfStaySources, parseLengthOfStay, type LengthOfStay } from '../domain/whatif/length-of-stay';
import { whatIf, type WhatIfResult } from '../domain/whatif/simulate';
import { syntheticYear } from '../domain/whatif/synthetic-year';
import { sampleFacilities } from '../../local/seed';
import { formatWhatIf } from './whatif-table';

/**
 * `npm run whatif -- --history FILE.jsonl | --synthetic-year [opties]`: replays a year of
 * referrals through the real tree and placement plan on a simulated bed board, baseline
 * beside scenario. Exit codes: 0 done, 2 an invalid option or input (named on stderr).
 */
export const usage = `Gebruik: npm run whatif -- (--history BESTAND.jsonl | --synthetic-year) [opties]

Speelt verwijzingen opnieuw af door de echte triageboom en het echte plaatsingsplan, op een
gesimuleerde bedbezetting: de huidige bedden (basis) naast de bedden na --beds (scenario).

  --history BESTAND     verwijzingen, één JSON per regel, elk met referrer.requestedAt
  --synthetic-year      in plaats daarvan een synthetisch jaar van de voorbeeldregio
                        (~20.000 verwijzingen; parameters in functions/domain/whatif/synthetic-year.ts)
  --tree VERSIE         triageboom (${Object.keys(trees).join(', ')}; standaard ${currentTree.version})
  --beds SOORT=+N|-N|N  bedden erbij, eraf of het totaal, per soort (${facilityKinds.join(', ')});
                        verdeeld over de instellingen en afdelingen naar hun huidige aantal.
                        Meer keren te geven; ook als losse argumenten: --beds wijkkliniek=+4 reo_bed=2
  --seed N              startwaarde van het toeval (ligduur, synthetisch jaar); standaard 1
  --los SOORT=MIN,MODUS,MAX
                        ligduur in dagen per soort (driehoeksverdeling); standaard
                        ${facilityKinds.map((k) => `${k}=${lengthOfStayDefaults[k].min},${lengthOfStayDefaults[k].mode},${lengthOfStayDefaults[k].max}`).join(' ')}
  --facilities BESTAND  beddenbord als JSON (zoals GET /facilities); standaard de voorbeeldregio
  --hospital-stay DAGEN gemiddelde opnameduur in het ziekenhuis voor "beddagen voorkomen";
                        standaard $AVERAGE_HOSPITAL_STAY_DAYS, anders ${hospitalStayDefault.days} (een aanname, zie README)
  --json                { referrals, baseline, scenario } als JSON in plaats van een tabel
  --help                deze uitleg`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

const positiveNumber = (option: string, raw: string): number => {
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`--${option} moet een positief getal zijn, niet "${raw}"`);
  return n;
};

/** The history file: one referral per line (blank lines skipped); every invalid line is named. */
export function readHistory(text: string, file: string): Referral[] {
  const referrals: Referral[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      errors.push(`${file}:${i + 1}: geen geldige JSON`);
      return;
    }
    const parsed = parseReferral(json);
    if (parsed.ok) referrals.push(parsed.value);
    else for (const e of parsed.errors) errors.push(`${file}:${i + 1}: ${e.path}: ${e.message}`);
  });
  if (errors.length) throw new UsageError(errors.slice(0, 20).join('\n') + (errors.length > 20 ? `\n… en nog ${errors.length - 20} fouten` : ''));
  if (!referrals.length) throw new UsageError(`${file}: geen verwijzingen`);
  return referrals;
}

function readFacilities(file: string): Facility[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--facilities ${file}: ${(e as Error).message}`);
  }
  const parsed = z.array(facilitySchema).min(1).safeParse(json);
  if (!parsed.success) throw new UsageError(`--facilities ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface WhatIfRun {
  result: WhatIfResult;
  source: string;
  treeVersion: string;
  beds: { baseline: Record<FacilityKind, number>; scenario: Record<FacilityKind, number> };
  lengthOfStay: LengthOfStay;
  hospitalStay: { days: number; source: string };
  json: boolean;
}

/** Parses the options and runs the what-if; throws UsageError naming what is wrong. */
export function runFromArgs(argv: string[]): WhatIfRun | 'help' {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        history: { type: 'string' },
        'synthetic-year': { type: 'boolean' },
        tree: { type: 'string' },
        beds: { type: 'string', multiple: true },
        seed: { type: 'string' },
        los: { type: 'string', multiple: true },
        facilities: { type: 'string' },
        'hospital-stay': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    // node:util speaks English: say it in Dutch, naming the option.
    const e = error as Error & { code?: string };
    const option = (/'(-[^' ]*)/.exec(e.message)?.[1] ?? '').trim();
    throw new UsageError(
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `onbekende optie ${option}`
        : e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? /argument missing/.test(e.message)
            ? `optie ${option} verwacht een waarde`
            : /ambiguous/.test(e.message)
              ? `optie ${option}: schrijf een waarde die met - begint als ${option}=-…`
              : `optie ${option} neemt geen waarde`
          : `ongeldige aanroep: ${e.message}`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const stray = positionals.filter((p) => !/^[a-z_]+=/.test(p));
  if (stray.length) throw new UsageError(`onbekend argument: ${stray.join(' ')}`);
  if (!!values.history === !!values['synthetic-year']) throw new UsageError('geef --history BESTAND of --synthetic-year (één van beide)');
  const tree = values.tree === undefined ? currentTree : trees[values.tree];
  if (!tree) throw new UsageError(`--tree: onbekende triageboom ${values.tree} (${Object.keys(trees).join(', ')})`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new UsageError(`--seed moet een geheel getal van 0 tot 2^31 zijn, niet "${values.seed}"`);
  const changes: BedChange[] = [];
  for (const text of [...(values.beds ?? []), ...positionals]) {
    const change = parseBedChange(text);
    if ('error' in change) throw new UsageError(change.error);
    changes.push(change);
  }
  const lengthOfStay: LengthOfStay = { ...lengthOfStayDefaults };
  for (const text of values.los ?? []) {
    const los = parseLengthOfStay(text);
    if ('error' in los) throw new UsageError(los.error);
    lengthOfStay[los.kind] = los.triangle;
  }
  const hospitalStay = values['hospital-stay'] === undefined ? configuredStay(config().AVERAGE_HOSPITAL_STAY_DAYS) : { days: positiveNumber('hospital-stay', values['hospital-stay']), source: 'opgegeven met --hospital-stay' };
  const facilities = values.facilities ? readFacilities(values.facilities) : sampleFacilities();
  let scenarioBoard: Facility[];
  try {
    scenarioBoard = applyBedChanges(facilities, changes);
  } catch (error) {
    throw new UsageError(`--beds: ${(error as Error).message}`);
  }
  let referrals: Referral[];
  let source: string;
  if (values.history) {
    let text: string;
    try {
      text = readFileSync(values.history, 'utf8');
    } catch (e) {
      throw new UsageError(`--history: kan ${values.history} niet lezen: ${(e as Error).message}`);
    }
    referrals = readHistory(text, basename(values.history));
    source = values.history;
  } else {
    referrals = syntheticYear(seed);
    source = `synthetisch jaar, seed ${seed}`;
  }
  const result = whatIf(referrals, facilities, changes, { tree, seed, lengthOfStay, hospitalStayDays: hospitalStay.days });
  return {
    result: { referrals: result.referrals, baseline: result.baseline, scenario: result.scenario },
    source,
    treeVersion: tree.version,
    beds: { baseline: bedsPerKind(facilities), scenario: bedsPerKind(scenarioBoard) },
    lengthOfStay,
    hospitalStay,
    json: !!values.json,
  };
}

export function runCli(argv: string[], out: (text: string) => void, err: (text: string) => void): number {
  let run: WhatIfRun | 'help';
  try {
    run = runFromArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message}\n\n${usage}`);
    return 2;
  }
  if (run === 'help') {
    out(usage);
    return 0;
  }
  if (run.json) out(JSON.stringify(run.result, null, 2));
  else out(formatWhatIf(run, lengthOfStaySources));
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  process.exitCode = runCli(process.argv.slice(2), (t) => process.stdout.write(`${t}\n`), (t) => process.stderr.write(`${t}\n`));
}
