#!/usr/bin/env node
// Screenshots a report's HTML in a real browser (headless Chromium), so that what a reader sees is
// checked, not only the SVG text (issue 15 §6). Writes PNGs:
//   OUT/report-top.png        the first screen (header, summary table, first figures) at 1280×1600
//   OUT/report-full.png       the whole page at 1280 wide (height from the page's figure count)
//   OUT/figures/<name>.png    each figure's SVG alone (with --figures)
//
// Usage: npm run report:screenshot -- [REPORT_DIR=reports/latest] [--out DIR=REPORT_DIR/screenshots]
//        [--figures] [--max-figures N] [--top-only]
// The browser: $CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH
// (Debian: `apt-get install -y chromium`). Exit code 3 when none is found (the test skips on it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Chromium binary, or null. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean);
  for (const c of candidates) {
    const r = spawnSync('sh', ['-c', `command -v "${c}"`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** One headless screenshot of a file at a window size; returns the PNG path. */
export function screenshot(chromium, file, png, width, height) {
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox', // CI containers run as root, where Chromium's sandbox refuses to start
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      pathToFileURL(resolve(file)).href,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
  );
  if (!existsSync(png) || statSync(png).size === 0) throw new Error(`no screenshot written for ${file}`);
  return png;
}

/** Width and height of an SVG from its root attributes. */
function svgSize(text) {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(text);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(text);
  return { width: Math.ceil(Number(w?.[1] ?? 600)), height: Math.ceil(Number(h?.[1] ?? 400)) };
}

function main(argv) {
  const args = [...argv];
  const flag = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const topOnly = args.includes('--top-only');
  if (topOnly) args.splice(args.indexOf('--top-only'), 1);
  const figures = args.includes('--figures');
  if (figures) args.splice(args.indexOf('--figures'), 1);
  const maxFigures = Number(flag('--max-figures') ?? Infinity);
  const outFlag = flag('--out');
  const dir = args[0] ?? 'reports/latest';
  const out = outFlag ?? join(dir, 'screenshots');
  const html = join(dir, 'report.html');
  if (!existsSync(html)) {
    process.stderr.write(`report-screenshot: no ${html} (run htsgd verify --report ${dir} first)\n`);
    process.exit(2);
  }
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write('report-screenshot: no Chromium found (apt-get install -y chromium, or set CHROMIUM)\n');
    process.exit(3);
  }
  mkdirSync(out, { recursive: true });
  const page = readFileSync(html, 'utf8');
  const nFig = (page.match(/<figure>/g) ?? []).length;
  const written = [screenshot(chromium, html, join(out, 'report-top.png'), 1280, 1600)];
  if (topOnly) {
    process.stdout.write(`${written.join('\n')}\n`);
    return;
  }
  // About 330 px per row of two figures plus the tables: generous, Chromium pads with white.
  const fullHeight = Math.min(30000, 1600 + 260 * nFig);
  written.push(screenshot(chromium, html, join(out, 'report-full.png'), 1280, fullHeight));
  if (figures && existsSync(join(dir, 'figures'))) {
    mkdirSync(join(out, 'figures'), { recursive: true });
    const svgs = readdirSync(join(dir, 'figures'))
      .filter((f) => f.endsWith('.svg'))
      .sort()
      .slice(0, maxFigures);
    for (const f of svgs) {
      const { width, height } = svgSize(readFileSync(join(dir, 'figures', f), 'utf8'));
      written.push(
        screenshot(
          chromium,
          join(dir, 'figures', f),
          join(out, 'figures', f.replace(/\.svg$/, '.png')),
          width + 16,
          height + 16,
        ),
      );
    }
  }
  process.stdout.write(`${written.join('\n')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
