/**
 * Flags shared by several subcommands (landscape, noise, truncation, step size, seed, workers), parsed
 * once into resolved objects. Every bad value raises the one InputError shape naming the flag, its
 * domain and the value; the CLI turns it into one line on stderr and exit code 2.
 */
import type { Command } from 'commander';
import { invalidOption } from '../core/errors.ts';
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

/** Parses a numeric flag: finite, within [min, max] (open ends when asked). */
export function parseNumberFlag(
  flag: string,
  raw: string | undefined,
  opts: { min?: number; max?: number; openMin?: boolean; openMax?: boolean; integer?: boolean; domain: string },
): number {
  const value = raw === undefined ? NaN : Number(raw.replace(/_/g, ''));
  const { min = -Infinity, max = Infinity, openMin = false, openMax = false, integer = false } = opts;
  const ok =
    raw !== undefined &&
    raw.trim() !== '' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (openMin ? value > min : value >= min) &&
    (openMax ? value < max : value <= max);
  if (!ok) throw invalidOption('htsgd', `--${flag}`, opts.domain, raw ?? '(missing)');
  return value;
}

/** Parses a comma-separated list of finite numbers. */
export function parseNumberList(flag: string, raw: string | undefined, domain: string): number[] {
  if (raw === undefined || raw.trim() === '') throw invalidOption('htsgd', `--${flag}`, domain, raw ?? '(missing)');
  const parts = raw.split(/[,\s]+/).filter((p) => p !== '');
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v))) throw invalidOption('htsgd', `--${flag}`, domain, raw);
  return values;
}

/** Adds the landscape flags. */
export function addLandscapeFlags(cmd: Command): Command {
  return cmd
    .option('--landscape <name>', "'paper', 'poly' (with --roots), or a JSON file; in R^d: 'himmelblau', 'hook', or a .js/.ts module exporting gradient(x, out), minima, ball", 'paper')
    .option('--dimension <d>', 'dimension d ≥ 2 selects the R^d simulator and theory (implied by an R^d landscape)')
    .option('--roots <list>', "poly: roots of f', alternating min,max,...,min, e.g. -1,-0.3,0.4,1,1.5")
    .option('--scale <A>', "poly: f'(x) = A·Π(x − c_k), A > 0", '1')
    .option('--box <L>', 'poly: the box [−L, L]');
}

/** Adds the noise flags. */
export function addNoiseFlags(cmd: Command): Command {
  return cmd
    .option('--noise <law>', "'lomax', 'student-t', 'stable' or 'gaussian'", 'lomax')
    .option('--tail-index <alpha>', 'tail index α of the noise (α > 1; stable: 1 < α < 2)', '1.2')
    .option('--noise-scale <c>', 'noise scale c > 0', '0.1')
    .option('--p-plus <p>', "lomax: probability of a positive jump, in (0, 1)", '0.5')
    .option('--noise-direction <spec>', "R^d: 'isotropic' or a JSON file {directions, weights} (centred); R^d laws: pareto, lomax, student-t", 'isotropic');
}

/** Resolves the landscape flags to a spec (the model layer validates the landscape itself). */
export function landscapeSpecFromFlags(flags: CommonFlags): LandscapeSpec {
  const name = flags.landscape ?? 'paper';
  if (name === 'paper') return { kind: 'paper' };
  if (name === 'poly' || name === 'polynomial') {
    const roots = parseNumberList('roots', flags.roots, "a comma-separated list of roots of f' (min,max,...,min)");
    const scale = parseNumberFlag('scale', flags.scale ?? '1', { min: 0, openMin: true, domain: 'a positive number' });
    const defaultBox = Math.max(...roots.map(Math.abs)) + 0.5;
    const box =
      flags.box === undefined
        ? defaultBox
        : parseNumberFlag('box', flags.box, { min: 0, openMin: true, domain: 'a positive number' });
    return { kind: 'polynomial', roots, scale, box };
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
  if (kind === 'gaussian') return { kind, scale };
  if (kind !== 'lomax' && kind !== 'student-t' && kind !== 'stable') {
    throw invalidOption('htsgd', '--noise', "one of 'lomax', 'student-t', 'stable', 'gaussian'", kind);
  }
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
