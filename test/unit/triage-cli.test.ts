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
  it('prints the decision as JSON', () => {
    const file = write('delier-alleen.json', referral({ patient: { livesAlone: true, informalCarerAvailable: false }, presentation: { delirium: true } }));
    const { code, out } = run([file]);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({
      destination: 'herstelkliniek',
      ward: 'delier',
      flags: ['not_home_alone'],
      reasons: expect.arrayContaining([expect.stringContaining('herstelkliniek')]),
      treeVersion: 'rotterdam-v1',
    });
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

  it('exits 1 with usage when the folder is missing', () => {
    expect(run(['--all', join(dir, 'nope')]).code).toBe(1);
  });
});
