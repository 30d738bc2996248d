import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

afterEach(() => vi.restoreAllMocks());

describe('htsgd theory', () => {
  it('--json prints the report with the issue 3 fields', async () => {
    const io = capture();
    const code = await main([
      'theory',
      '--landscape',
      'paper',
      '--truncation',
      '0.5',
      '--noise',
      'lomax',
      '--tail-index',
      '1.2',
      '--noise-scale',
      '0.1',
      '--step-size',
      '0.001',
      '--json',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    for (const k of ['minima', 'saddles', 'basins', 'widest', 'graph', 'generator', 'warnings'])
      expect(r).toHaveProperty(k);
    const b2 = r.basins[1];
    expect(b2).toMatchObject({ index: 2, jumpsNeeded: 2, exitExponent: expect.closeTo(1.4, 12) });
    expect(Object.keys(b2.exitRateByTarget)).toEqual(['1', '3']);
    expect(b2.predictedMeanExitSteps).toBeGreaterThan(0);
  });

  it('--monte-carlo adds the independent cross-check (l* = 1 is exact on both sides)', async () => {
    const io = capture();
    expect(await main(['theory', '--truncation', '0.5', '--monte-carlo', '500', '--json'])).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.monteCarlo).toHaveLength(4);
    expect(r.monteCarlo[0].exitRate).toBeCloseTo(r.basins[0].exitRate, 12);
    expect(r.monteCarlo[1].standardError).toBeGreaterThan(0);
  });

  it('prints a readable summary with the graph as text', async () => {
    const io = capture();
    expect(await main(['theory', '--truncation', '0.5'])).toBe(0);
    expect(io.out()).toContain('m2 (l*=2) → m1, m3');
    expect(io.out()).toContain('generator on {m2, m4}');
  });

  it('bad input: one line on stderr, exit code 2; --strict refuses integer ratios', async () => {
    const io = capture();
    expect(await main(['theory', '--truncation', '-1'])).toBe(2);
    expect(io.err()).toMatch(/invalid option `--truncation`/);
    expect(
      await main([
        'theory',
        '--landscape',
        'poly',
        '--roots',
        '-1.2,-0.6,0,0.9,1.6',
        '--box',
        '2.2',
        '--truncation',
        '0.3',
        '--strict',
      ]),
    ).toBe(2);
    expect(io.err()).toMatch(/integer/);
  });
});
