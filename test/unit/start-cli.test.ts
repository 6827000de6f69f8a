import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

// The real entry point, as `npm start` runs it; these cases exit before anything starts.
const start = (...args: string[]) => spawnSync('npx', ['tsx', 'local/start.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm start -- options', () => {
  it('--help explains the options in Dutch and exits 0', () => {
    const res = start('--help');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Gebruik: npm start/);
    for (const option of ['--port', '--data', '--hold-timeout', '--district-timeout', '--stuck-after', '--sweep-interval']) expect(res.stdout).toContain(option);
  });

  it('a mistyped option or a bad port exits 2 with what is wrong and how to call it', () => {
    const typo = start('--prot', '3000');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/Ongeldige aanroep: .*--prot[\s\S]*Gebruik: npm start/);
    const port = start('--port', 'abc');
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port moet een poortnummer zijn, niet "abc"');
    const interval = start('--sweep-interval', '0');
    expect(interval.status).toBe(2);
    expect(interval.stderr).toContain('--sweep-interval moet een aantal seconden zijn, niet "0"');
  });
});
