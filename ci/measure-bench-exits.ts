// Mean exit steps of the bench workloads (src/cli/commands/bench.ts cites them): runExit with the
// bench's own settings, seed 'bench', 2048 chains, one worker, TS engine (bit-identical to WASM).
//   npm run measure:bench-exits        (a few seconds; output in fixtures/measurements/bench-exits.txt)
import { writeFileSync } from 'node:fs';
import { BENCH_CASES } from '../src/cli/commands/bench.ts';
import { closePool, runExit } from '../src/sim/index.ts';

const lines = [
  '# npm run measure:bench-exits  (tsx ci/measure-bench-exits.ts): runExit, seed "bench", 2048 chains, b = 0.5, basin 2',
];
for (const c of BENCH_CASES) {
  const noise = c.exit.noise ?? c.noise;
  const r = await runExit({
    landscape: c.landscape,
    noise,
    stepSize: c.exit.stepSize,
    truncation: 0.5,
    basin: 2,
    chains: 2048,
    maxSteps: 1e6,
    seed: 'bench',
    workers: 1,
    engine: 'ts',
  });
  lines.push(
    `${c.name}: η = ${c.exit.stepSize}, ${noise.kind} c = ${noise.scale}: mean exit steps ${r.meanExitSteps.toPrecision(3)} (${r.censored} censored)`,
  );
}
await closePool();
const text = `${lines.join('\n')}\n`;
writeFileSync(new URL('../fixtures/measurements/bench-exits.txt', import.meta.url), text);
process.stdout.write(text);
