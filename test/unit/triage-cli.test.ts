import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../functions/cli/triage';
import { referral } from '../support/referral';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'triage-cli-'));
const write = (name: string, body: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
};

describe('npm run triage -- FILE.json', () => {
  const delirious = () => write('delier-alleen.json', referral({ patient: { livesAlone: true, informalCarerAvailable: false }, presentation: { delirium: true } }));

  it('prints the decision as JSON, with the tree asked for', () => {
    const { code, out } = run(['--tree', 'rotterdam-v1', delirious()]);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({
      destination: 'herstelkliniek',
      ward: 'delier',
      treatingPhysician: 'so',
      flags: ['not_home_alone'],
      reasons: expect.arrayContaining([expect.stringContaining('herstelkliniek')]),
      treeVersion: 'rotterdam-v1',
    });
  });

  it('decides with the current tree, v2, by default', () => {
    const { code, out } = run([delirious()]);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      destination: 'herstelkliniek',
      ward: 'delier',
      treatingPhysician: 'so',
      flags: ['so_consultation', 'not_home_alone'],
      treeVersion: 'rotterdam-v2',
    });
    // The new facts were not sent: the explanation says so.
    expect(JSON.parse(out.join('\n')).reasons).toContain('Mantelzorger overbelast of uitgevallen: niet gevraagd: nee.');
  });

  it('exits 1 with the usage and the known versions for an unknown or missing tree', () => {
    const unknown = run(['--tree', 'rotterdam-v9', delirious()]);
    expect(unknown.code).toBe(1);
    expect(unknown.err[0]).toMatch(/onbekende triageboom rotterdam-v9.*rotterdam-v1, rotterdam-v2/);
    expect(run([delirious(), '--tree']).code).toBe(1);
  });

  it('exits 2 with every offending field by path, under any tree', () => {
    const bad = referral({ patient: { postcode: 'nope' }, presentation: { suspectedFracture: 'ja' as never } }) as any;
    delete bad.presentation.delirium;
    const { code, err } = run(['--tree', 'rotterdam-v1', write('bad-v1.json', bad)]);
    expect(code).toBe(2);
    expect(err.map((l) => l.split(': ')[1])).toEqual(['patient.postcode', 'presentation.delirium', 'presentation.suspectedFracture']);
  });

  it('exits 2 and lists every offending field by path', () => {
    const bad = referral({ patient: { postcode: 'nope' } }) as any;
    delete bad.presentation.delirium;
    const { code, out, err } = run([write('bad.json', bad)]);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.map((l) => l.split(': ')[1])).toEqual(['patient.postcode', 'presentation.delirium']);
  });

  it('exits 2 on a file that is not JSON', () => {
    const { code, err } = run([write('kapot.json', '{')]);
    expect(code).toBe(2);
    expect(err[0]).toContain('geen geldige JSON');
  });
});

describe('npm run triage -- --all DIR', () => {
  it('prints one JSON line per file, with the file name', () => {
    const d = mkdtempSync(join(tmpdir(), 'triage-all-'));
    writeFileSync(join(d, 'a-thuis.json'), JSON.stringify(referral()));
    writeFileSync(join(d, 'b-112.json'), JSON.stringify(referral({ presentation: { urgency: 'U1' } })));
    writeFileSync(join(d, 'notes.txt'), 'not a referral');
    const { code, out } = run(['--all', d]);
    expect(code).toBe(0);
    expect(out.map((l) => JSON.parse(l)).map((o) => [o.file, o.destination])).toEqual([
      ['a-thuis.json', 'home'],
      ['b-112.json', 'call_112'],
    ]);
  });

  it('takes --tree before --all', () => {
    const d = mkdtempSync(join(tmpdir(), 'triage-tree-'));
    const overburdened = referral({ patient: { carerOverburdened: true }, presentation: { delirium: true } });
    writeFileSync(join(d, 'delier-partner-overbelast.json'), JSON.stringify(overburdened));
    const line = (args: string[]) => JSON.parse(run(args).out[0] as string);
    expect(line(['--tree', 'rotterdam-v1', '--all', d])).toMatchObject({ file: 'delier-partner-overbelast.json', destination: 'home', treatingPhysician: 'gp', treeVersion: 'rotterdam-v1' });
    expect(line(['--all', d])).toMatchObject({ destination: 'herstelkliniek', ward: 'delier', treatingPhysician: 'so', treeVersion: 'rotterdam-v2' });
  });

  it('exits 1 with usage when the folder is missing', () => {
    expect(run(['--all', join(dir, 'nope')]).code).toBe(1);
  });
});
