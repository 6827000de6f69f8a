import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/whatif';
import { syntheticYear } from '../../functions/domain/whatif/synthetic-year';
import { sampleFacilities } from '../../local/seed';

/** `npm run whatif`: Dutch help, exit 2 naming what is wrong, a table or { referrals, baseline, scenario }. */
const run = (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, (t) => out.push(t), (t) => err.push(t));
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const dir = mkdtempSync(join(tmpdir(), 'whatif-'));
const history = join(dir, 'history.jsonl');
writeFileSync(history, syntheticYear(3).slice(0, 400).map((r) => JSON.stringify(r)).join('\n') + '\n');

describe('npm run whatif', () => {
  it('--help explains the options in Dutch', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Gebruik: npm run whatif/);
    for (const option of ['--history', '--synthetic-year', '--tree', '--beds', '--seed', '--los', '--facilities', '--json']) expect(out).toContain(option);
    expect(out).toContain('bedden erbij, eraf of het totaal');
  });

  it.each([
    [['--history', history, '--beds', 'ziekenhuis=+2'], /--beds "ziekenhuis=\+2": onbekende soort ziekenhuis/],
    [['--history', history, '--beds', 'wijkkliniek=veel'], /verwacht SOORT=\+N/],
    [['--synthetic-year', '--frobnicate'], /^onbekende optie --frobnicate/],
    [['--history'], /^optie --history verwacht een waarde/],
    [[], /geef --history BESTAND of --synthetic-year/],
    [['--history', history, '--synthetic-year'], /één van beide/],
    [['--synthetic-year', '--tree', 'twente-v9'], /--tree: onbekende triageboom twente-v9/],
    [['--synthetic-year', '--seed=-1'], /--seed moet een geheel getal/],
    [['--synthetic-year', '--seed', '-1'], /optie --seed: schrijf een waarde die met - begint als --seed=-…/],
    [['--synthetic-year', '--json=ja'], /optie --json neemt geen waarde/],
    [['--synthetic-year', '--los', 'reo_bed=9,2,1'], /MIN ≤ MODUS ≤ MAX/],
    [['--history', join(dir, 'niet-er.jsonl')], /--history: kan .* niet lezen/],
    [['--synthetic-year', 'los-argument'], /onbekend argument: los-argument/],
  ])('%j exits 2 naming what is wrong', (argv, message) => {
    const { code, err } = run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('names every invalid line of the history by line and field', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify(syntheticYear(3)[0])}\n{ nope\n${JSON.stringify({ ...syntheticYear(3)[1], referrer: { role: 'gp' } })}\n`);
    const { code, err } = run('--history', bad);
    expect(code).toBe(2);
    expect(err).toContain('bad.jsonl:2: geen geldige JSON');
    expect(err).toContain('bad.jsonl:3: referrer.requestedAt');
  });

  it('--json prints { referrals, baseline, scenario } with every figure of each side', () => {
    const { code, out } = run('--history', history, '--beds', 'wijkkliniek=+4', 'reo_bed=0', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result)).toEqual(['referrals', 'baseline', 'scenario']);
    expect(result.referrals).toBe(400);
    for (const side of [result.baseline, result.scenario]) {
      expect(Object.keys(side)).toEqual(['byDestination', 'placedAt', 'fitButNoBed', 'placedByFallback', 'seh', 'occupancy', 'bedDaysAvoided']);
      expect(Object.keys(side.occupancy)).toEqual(['herstelkliniek', 'wijkkliniek', 'reo_bed']);
      expect(Object.values(side.placedAt).reduce((a: number, b) => a + (b as number), 0)).toBe(400);
    }
    expect(result.scenario.byDestination).toEqual(result.baseline.byDestination);
    expect(result.scenario.placedAt.reo_bed).toBe(0);
    expect(result.scenario.occupancy.wijkkliniek.beds).toBe(result.baseline.occupancy.wijkkliniek.beds + 4);
  });

  it('reads a bed board from a file, as GET /facilities answers it', () => {
    const board = join(dir, 'bedden.json');
    writeFileSync(board, JSON.stringify(sampleFacilities().filter((f) => f.kind !== 'reo_bed')));
    const { code, out } = run('--history', history, '--facilities', board, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).baseline.occupancy.reo_bed.beds).toBe(0);
    expect(run('--history', history, '--facilities', board, '--beds', 'reo_bed=+1').err).toMatch(/geen instellingen van de soort reo_bed/);
  });

  it('prints a Dutch table, baseline beside scenario, with the assumptions and their sources', () => {
    const { code, out } = run('--history', history, '--beds', 'herstelkliniek=+6', '--tree', 'rotterdam-v1');
    expect(code).toBe(0);
    expect(out).toMatch(/^Wat als: 400 verwijzingen \(.*history\.jsonl\), triageboom rotterdam-v1/);
    expect(out).toMatch(/basis\s+scenario\s+verschil/);
    expect(out).toMatch(/herstelkliniek\s+71\s+77\s+\+6/);
    expect(out).toContain('Passend maar geen bed');
    expect(out).toContain('"opname van maximaal 9 dagen" (seed 002, REO-bed)');
    expect(out).toMatch(/gemiddelde opnameduur ziekenhuis: 6 dagen \(aanname/);
  });
});
