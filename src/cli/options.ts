/**
 * Flags shared by several subcommands (landscape, noise, truncation, step size, seed, workers), parsed
 * once into resolved objects. Every bad value raises the one InputError shape naming the flag, its
 * domain and the value; the CLI turns it into one line on stderr and exit code 2.
 */
import type { Command } from 'commander';
import { InputError, invalidOption, renameOption } from '../core/errors.ts';
import { checkPolynomialSpec } from '../model/landscapes.ts';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';

export interface CommonFlags {
  landscape?: string;
  /** R^d (src/cli/commands/rd.ts). */
  dimension?: string;
  noiseDirection?: string;
  roots?: string;
  scale?: string;
  box?: string;
  noise?: string;
  tailIndex?: string;
  noiseScale?: string;
  pPlus?: string;
  truncation?: string;
  stepSize?: string;
  seed?: string;
  workers?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * A decimal number as a person types it: optional sign, digits with an optional fraction (`_` as a
 * digit separator), optional exponent. Not hexadecimal, binary or octal (`0x1` is not a step size),
 * not `Infinity`, no surrounding spaces.
 */
const DECIMAL = /^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A limit as a person reads it: `2³⁰ = 1073741824` for a power of two above 2¹⁰, else the number. */
export function formatLimit(x: number): string {
  const k = Math.log2(x);
  if (Number.isInteger(k) && k > 10) return `2${String(k).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)])} = ${x}`;
  return String(x);
}

/**
 * Parses a numeric flag: a decimal number (see DECIMAL), finite, within [min, max] (open ends when
 * asked). A value above the maximum gets the limit in the message (`…, at most 2³⁰ = 1073741824`).
 */
export function parseNumberFlag(
  flag: string,
  raw: string | undefined,
  opts: { min?: number; max?: number; openMin?: boolean; openMax?: boolean; integer?: boolean; domain: string },
): number {
  const value = raw === undefined || !DECIMAL.test(raw) ? NaN : Number(raw.replace(/_/g, ''));
  const { min = -Infinity, max = Infinity, openMin = false, openMax = false, integer = false } = opts;
  const aboveMax = Number.isFinite(value) && (openMax ? value >= max : value > max);
  const ok =
    raw !== undefined &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (openMin ? value > min : value >= min) &&
    !aboveMax;
  if (!ok) {
    // State the limit unless the domain text already does (`a number in (0, 1]`).
    const stated = opts.domain.includes(String(max)) || /\^\d/.test(opts.domain);
    const domain =
      aboveMax && Number.isFinite(max) && !stated
        ? `${opts.domain}, ${openMax ? 'below' : 'at most'} ${formatLimit(max)}`
        : opts.domain;
    throw invalidOption('htsgd', `--${flag}`, domain, raw ?? '(missing)');
  }
  return value;
}

/** The flags of a command line that apply only to some choices (the user typed them: no defaults). */
function refuseInapplicable(flag: string, raw: string | undefined, applies: boolean, expected: string): void {
  if (raw !== undefined && !applies) throw invalidOption('htsgd', `--${flag}`, expected, raw);
}

/** Parses a comma-separated list of finite numbers. */
export function parseNumberList(flag: string, raw: string | undefined, domain: string): number[] {
  if (raw === undefined || raw.trim() === '') throw invalidOption('htsgd', `--${flag}`, domain, raw ?? '(missing)');
  const parts = raw.split(/[,\s]+/).filter((p) => p !== '');
  const values = parts.map((p) => (DECIMAL.test(p) ? Number(p.replace(/_/g, '')) : NaN));
  if (values.some((v) => !Number.isFinite(v))) throw invalidOption('htsgd', `--${flag}`, domain, raw);
  return values;
}

/** Adds the landscape flags. */
export function addLandscapeFlags(cmd: Command): Command {
  return cmd
    .option(
      '--landscape <name>',
      "'paper', 'poly' (with --roots), or a JSON file; in R^d: 'himmelblau', 'hook', or a .js/.ts module exporting gradient(x, out), minima, ball",
      'paper',
    )
    .option('--dimension <d>', 'dimension d ≥ 2 selects the R^d simulator and theory (implied by an R^d landscape)')
    .option('--roots <list>', "poly: roots of f', alternating min,max,...,min, e.g. -1,-0.3,0.4,1,1.5")
    .option('--scale <A>', "poly: f'(x) = A·Π(x − c_k), A > 0 (default: 1)")
    .option('--box <L>', 'poly: the box [−L, L]');
}

/** Adds the noise flags. */
export function addNoiseFlags(cmd: Command): Command {
  return cmd
    .option('--noise <law>', "'lomax', 'student-t', 'stable' or 'gaussian'", 'lomax')
    .option(
      '--tail-index <alpha>',
      'tail index α of the noise (α > 1; stable: 1 < α < 2; not with gaussian) (default: 1.2)',
    )
    .option('--noise-scale <c>', 'noise scale c > 0', '0.1')
    .option('--p-plus <p>', 'lomax only: probability of a positive jump, in (0, 1) (default: 0.5)')
    .option(
      '--noise-direction <spec>',
      "R^d only: 'isotropic' or a JSON file {directions, weights} (centred); R^d laws: pareto, lomax, student-t (default: isotropic)",
    );
}

/** Resolves the landscape flags to a spec (the model layer validates the landscape itself). */
export function landscapeSpecFromFlags(flags: CommonFlags): LandscapeSpec {
  const name = flags.landscape ?? 'paper';
  const poly = name === 'poly' || name === 'polynomial';
  for (const [flag, raw] of [
    ['roots', flags.roots],
    ['scale', flags.scale],
    ['box', flags.box],
  ] as const) {
    refuseInapplicable(
      flag,
      raw,
      poly,
      `no --${flag} with --landscape ${name} (only --landscape poly takes --roots, --scale, --box)`,
    );
  }
  if (name === 'paper') return { kind: 'paper' };
  if (name === 'poly' || name === 'polynomial') {
    const roots = parseNumberList('roots', flags.roots, "a comma-separated list of roots of f' (min,max,...,min)");
    const scale = parseNumberFlag('scale', flags.scale ?? '1', { min: 0, openMin: true, domain: 'a positive number' });
    const defaultBox = Math.max(...roots.map(Math.abs)) + 0.5;
    const box =
      flags.box === undefined
        ? defaultBox
        : parseNumberFlag('box', flags.box, { min: 0, openMin: true, domain: 'a positive number' });
    // The paper's assumptions on the roots, checked now and reported under the flag that set them.
    try {
      return checkPolynomialSpec({ roots, scale, box }, 'htsgd');
    } catch (err) {
      if (err instanceof InputError && err.option !== undefined) throw renameOption(err, 'htsgd', `--${err.option}`);
      throw err;
    }
  }
  if (/\.json$/i.test(name)) return { kind: 'file', path: name };
  throw invalidOption('htsgd', '--landscape', "'paper', 'poly' (with --roots) or a path to a .json file", name);
}

/** Resolves the noise flags to a spec. */
export function noiseSpecFromFlags(flags: CommonFlags): NoiseSpec {
  const kind = flags.noise ?? 'lomax';
  const scale = parseNumberFlag('noise-scale', flags.noiseScale ?? '0.1', {
    min: 0,
    openMin: true,
    domain: 'a positive number',
  });
  if (kind !== 'lomax' && kind !== 'student-t' && kind !== 'stable' && kind !== 'gaussian') {
    throw invalidOption('htsgd', '--noise', "one of 'lomax', 'student-t', 'stable', 'gaussian'", kind);
  }
  refuseInapplicable(
    'noise-direction',
    flags.noiseDirection,
    false,
    'no --noise-direction with a 1-D landscape (only R^d landscapes, --dimension d ≥ 2, take a noise direction)',
  );
  refuseInapplicable(
    'tail-index',
    flags.tailIndex,
    kind !== 'gaussian',
    'no --tail-index with --noise gaussian (Gaussian noise has no tail index)',
  );
  refuseInapplicable(
    'p-plus',
    flags.pPlus,
    kind === 'lomax',
    `no --p-plus with --noise ${kind} (only lomax noise is asymmetric; ${kind} is symmetric)`,
  );
  if (kind === 'gaussian') return { kind, scale };
  const tailIndex = parseNumberFlag('tail-index', flags.tailIndex ?? '1.2', {
    min: 1,
    openMin: true,
    max: kind === 'stable' ? 2 : Infinity,
    openMax: kind === 'stable',
    domain: kind === 'stable' ? 'a number in (1, 2)' : 'a number > 1',
  });
  if (kind === 'lomax') {
    const pPlus = parseNumberFlag('p-plus', flags.pPlus ?? '0.5', {
      min: 0,
      max: 1,
      openMin: true,
      openMax: true,
      domain: 'a probability in (0, 1)',
    });
    return { kind, tailIndex, scale, pPlus };
  }
  return { kind, tailIndex, scale };
}

/** `--step-size η`: a number in (0, 1] (required: a missing value is reported as `(missing)`). */
export function parseStepSize(raw: string | undefined): number {
  return parseNumberFlag('step-size', raw, { min: 0, max: 1, openMin: true, domain: 'a number in (0, 1]' });
}

/** `--truncation b` (b > 0) or `none` → Infinity. */
export function parseTruncation(raw: string | undefined): number {
  if (raw === undefined || raw === 'none' || raw === 'inf' || raw === 'Infinity') return Infinity;
  return parseNumberFlag('truncation', raw, { min: 0, openMin: true, domain: "a positive number or 'none'" });
}

/** `--seed`: a non-negative integer, or any non-empty string. */
export function parseSeed(raw: string | undefined): number | string {
  if (raw === undefined) return 1;
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  if (raw.length === 0) throw invalidOption('htsgd', '--seed', 'a non-negative integer or a non-empty string', raw);
  return raw;
}

/** `--workers n`: 1..64, default: the number of cores. */
export function parseWorkers(raw: string | undefined, cores: number): number {
  if (raw === undefined) return cores;
  return parseNumberFlag('workers', raw, { min: 1, max: 64, integer: true, domain: 'an integer in [1, 64]' });
}

/**
 * `--predict-timeout s`: seconds one conjecture `predict` call may take, in (0, 3600] (default 5);
 * returns milliseconds. Only with `--conjecture` (the built-in theorems have no user code to watch).
 */
export function parsePredictTimeout(raw: string | undefined, conjectures: boolean): number {
  refuseInapplicable('predict-timeout', raw, conjectures, 'no --predict-timeout without --conjecture FILE');
  return (
    1000 *
    parseNumberFlag('predict-timeout', raw ?? '5', { min: 0, openMin: true, max: 3600, domain: 'seconds in (0, 3600]' })
  );
}
