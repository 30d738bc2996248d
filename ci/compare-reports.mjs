#!/usr/bin/env node
// Compares two `htsgd verify --json` reports check by check and exits 1 on any difference in what a
// user reads as a result: estimates, intervals, predictions, bands, p-values, verdicts, seeds, paths
// and the numbers under `details` and in the plots' data. Timings are ignored (they differ run to
// run), and so are the free-text strings of plots (titles, labels), which a formatter may rewrite.
//
// Used to show that a refactor changes nothing for users (issue 12): save the JSON of a tier before,
// rerun it after with the same seed, then
//   node ci/compare-reports.mjs before.json after.json [--tolerance 1e-12]
// Numbers are compared with a relative tolerance (default 0: bit-identical).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const tolIndex = args.indexOf('--tolerance');
const tolerance = tolIndex >= 0 ? Number(args[tolIndex + 1]) : 0;
const files = tolIndex >= 0 ? args.filter((_, i) => i !== tolIndex && i !== tolIndex + 1) : args;
if (files.length !== 2 || !(tolerance >= 0)) {
  console.error('usage: node ci/compare-reports.mjs BEFORE.json AFTER.json [--tolerance REL]');
  process.exit(2);
}
const [before, after] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));

// `provenance` (machine, versions, git commit: issue 15) differs by machine and is absent from older reports.
const IGNORED_KEY =
  /^(elapsedSeconds|seconds|startedAt|wallSeconds|cpuSeconds|timings?|stepsPerSecondMeasured|provenance)$/;
const differences = [];

function sameNumber(a, b) {
  if (Object.is(a, b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

function compare(a, b, path, inPlot) {
  if (differences.length > 50) return;
  if (typeof a === 'number' && typeof b === 'number') {
    if (!sameNumber(a, b)) differences.push(`${path}: ${a} → ${b}`);
    return;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    // A plan's reason quotes the wall-clock time left after its pilot run, which differs run to run.
    if (a !== b && !inPlot && !/\.plan\.reason$/.test(path))
      differences.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) differences.push(`${path}: length ${a.length} → ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) compare(a[i], b[i], `${path}[${i}]`, inPlot);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (IGNORED_KEY.test(k)) continue;
      if (!(k in a)) differences.push(`${path}.${k}: added`);
      else if (!(k in b)) differences.push(`${path}.${k}: removed`);
      else compare(a[k], b[k], `${path}.${k}`, inPlot || k === 'plots');
    }
    return;
  }
  if (a !== b) differences.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
}

const byId = (report) => new Map(report.checks.map((c) => [c.id, c]));
const [mb, ma] = [byId(before), byId(after)];
for (const id of mb.keys()) if (!ma.has(id)) differences.push(`check ${id}: missing after`);
for (const id of ma.keys()) if (!mb.has(id)) differences.push(`check ${id}: new after`);
for (const [id, c] of mb) if (ma.has(id)) compare(c, ma.get(id), id, false);
compare(before.summary, after.summary, 'summary', false);

if (differences.length) {
  console.error(`compare-reports: ${differences.length} difference(s):\n  ${differences.slice(0, 50).join('\n  ')}`);
  process.exit(1);
}
console.log(`compare-reports: ${mb.size} checks, same estimates, intervals, predictions and verdicts.`);
