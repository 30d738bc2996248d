/**
 * The report in a real browser (issue 15 §6): a small report (one check with every figure kind
 * but the graph) is written, screenshotted by headless Chromium through ci/report-screenshot.mjs
 * (what `npm run report:screenshot` runs), and the PNG is decoded to check that the page drew
 * something: the right size, and rows of the plot area that are neither blank nor one colour.
 *
 * Skipped, with the reason printed, when no Chromium is installed (CI's .ci/run does not install
 * one: `apt-get install -y chromium` downloads ~100 MB; see README, "Figures").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../src/report/write.ts';
import { runChecks } from '../src/verify/run.ts';
import { defineTheorem } from '../src/verify/define.ts';
// @ts-expect-error -- a plain ESM script without type declarations
import { findChromium } from './report-screenshot.mjs';

const chromium = (findChromium as () => string | null)();
if (!chromium) console.warn('ci/report-screenshot.test.ts: skipped, no Chromium (apt-get install -y chromium)');

const tmp = mkdtempSync(join(tmpdir(), 'htsgd-shot-'));
afterAll(() => {
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
});

/** Width, height and RGB rows of an 8-bit RGB(A) PNG (filters undone). */
function decodePng(buf: Buffer): { width: number; height: number; rows: Uint8Array[]; channels: number } {
  expect(buf.subarray(1, 4).toString()).toBe('PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.subarray(off + 4, off + 8).toString();
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows: Uint8Array[] = [];
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      const p = a + b - c;
      const pred =
        f === 0
          ? 0
          : f === 1
            ? a
            : f === 2
              ? b
              : f === 3
                ? (a + b) >> 1
                : Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
                  ? a
                  : Math.abs(p - b) <= Math.abs(p - c)
                    ? b
                    : c;
      out[i] = (line[i] + pred) & 255;
    }
    rows.push(out);
    prev = out;
  }
  return { width, height, rows, channels };
}

const fake = defineTheorem<{ k: number }>({
  id: 'fake-shot',
  title: 'A fake check with figures: q_{k,l} against η^{−γ}',
  source: { paper: 'test fixture', theorem: '—', equation: '—' },
  hypotheses: [{ name: 'k', description: 'index', range: [0, 1] }],
  predictor: { name: 'fake', compute: () => 1.4 },
  plan: { description: 'one point', points: { quick: [{ k: 0.47000000000000003 }], standard: [], full: [] } },
  test: {
    name: 'fixed numbers',
    run: () => ({
      estimate: 1.41,
      ci: [1.38, 1.44],
      standardError: 0.01,
      details: {
        etas: [0.1, 0.01],
        rows: [
          { eta: 0.1, mean: 12.5 },
          { eta: 0.01, mean: 310 },
        ],
      },
      plots: [
        {
          kind: 'xy',
          title: 'mean exit steps against 1/η',
          xLabel: '1/η',
          yLabel: 'mean exit steps',
          logX: true,
          logY: true,
          series: [
            {
              name: 'observed',
              role: 'observed',
              style: 'scatter',
              points: [10, 30, 100].map((x) => ({ x, y: x ** 1.4, lo: 0.8 * x ** 1.4, hi: 1.2 * x ** 1.4 })),
            },
            { name: 'γ = 1.4', role: 'predicted', style: 'line', points: [10, 100].map((x) => ({ x, y: x ** 1.4 })) },
          ],
        },
        {
          kind: 'bars',
          title: 'landing',
          yLabel: 'probability',
          groups: [{ label: 'Ω_1', predicted: 0.3, observed: 0.28, lo: 0.25, hi: 0.31 }],
        },
      ],
    }),
  },
  tolerance: { value: 0.05, scale: 'absolute', reason: 'test fixture: fixed numbers, no estimation error to model' },
  budgetShare: 1,
});

describe('the report in headless Chromium', () => {
  it.skipIf(!chromium)('renders: a 1280×1600 screenshot with drawn figures', async () => {
    const report = await runChecks([fake], { seed: 1, tier: 'quick', errorBudget: 1e-3, timeBudgetSeconds: 5 });
    const dir = join(tmp, 'r');
    await writeReport(report, dir);
    const out = join(tmp, 'shots');
    const printed = execFileSync('node', ['ci/report-screenshot.mjs', dir, '--out', out, '--top-only'], {
      encoding: 'utf8',
    });
    expect(printed.trim()).toBe(join(out, 'report-top.png'));
    const png = decodePng(readFileSync(join(out, 'report-top.png')));
    expect([png.width, png.height]).toEqual([1280, 1600]);
    // Rows with many distinct colours: text and figures, not a blank page.
    const busy = png.rows.filter((r) => {
      const seen = new Set<number>();
      for (let i = 0; i < r.length; i += png.channels) seen.add((r[i] << 16) | (r[i + 1] << 8) | r[i + 2]);
      return seen.size > 8;
    }).length;
    expect(busy).toBeGreaterThan(300);
    // The figures' own colours (observed blue #1f77b4, predicted green #2ca02c) are on screen: the
    // inline SVGs were drawn, not only the tables.
    const count = (rgb: [number, number, number]) =>
      png.rows.reduce((n, r) => {
        for (let i = 0; i < r.length; i += png.channels)
          if (r[i] === rgb[0] && r[i + 1] === rgb[1] && r[i + 2] === rgb[2]) n++;
        return n;
      }, 0);
    expect(count([0x1f, 0x77, 0xb4])).toBeGreaterThan(100);
    expect(count([0x2c, 0xa0, 0x2c])).toBeGreaterThan(100);
    // The page's text: the float-noise hypothesis is printed cleanly, the math as Unicode.
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('k=0.47');
    // Only the replay command keeps the exact float (it names the check); the text never shows it.
    expect(html.replace(/<code>[^<]*<\/code>|id="[^"]*"|href="[^"]*"/g, '')).not.toContain('0.47000000000000003');
    expect(html).toContain('qₖ,ₗ against η⁻ᵞ');
  });
});
