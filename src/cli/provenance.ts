/**
 * The provenance block of a report (`RunReport.provenance`): htsgd version, git commit when the
 * package is a git checkout (nothing fails without git), Node, OS, CPU, cores, and the run's
 * workers, engine, tier, seed and budgets.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, release, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunProvenance, RunReport } from '../verify/types.ts';
import { packageFile, PACKAGE_ROOT } from '../core/package-files.ts';
import { FROM_SOURCE } from '../core/user-module.ts';

const ROOT = fileURLToPath(PACKAGE_ROOT);

/** The version in the package's package.json ('unknown' if unreadable). */
export function htsgdVersion(): string {
  try {
    return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function git(args: string[]): string | null {
  // A packed install is no checkout: git would report the commit of whatever repository encloses
  // node_modules (the user's project), which is not the code that ran.
  if (!FROM_SOURCE) return null;
  try {
    return execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
  } catch {
    return null; // no git, or not a checkout
  }
}

/** Provenance of `report`, run with `engine`. */
export function provenanceOf(report: RunReport, engine: string): RunProvenance {
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  const cpu = cpus()[0]?.model?.trim() || 'unknown';
  return {
    htsgdVersion: htsgdVersion(),
    gitCommit: commit && /^[0-9a-f]{40}$/.test(commit) ? commit : null,
    gitDirty: status === null ? null : status.length > 0,
    node: process.version,
    os: `${type()} ${release()} (${arch()})`,
    cpuModel: cpu,
    cores: availableParallelism(),
    workers: report.run.workers ?? null,
    engine,
    tier: report.run.tier,
    seed: report.run.seed,
    budgets: {
      errorBudget: report.run.errorBudget,
      timeBudgetSeconds: report.run.timeBudgetSeconds,
      kernelStepsPerSecond: report.run.kernelStepsPerSecond ?? null,
    },
  };
}
