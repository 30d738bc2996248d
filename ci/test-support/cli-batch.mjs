// Runs `htsgd` on several command lines in ONE child process, the way a user runs it (tsx's loader,
// real module resolution, real syntax errors), and prints the results as JSON on stdout: one process
// start for a whole list of cases instead of one per case. Usage (see cli.ts `runCliBatch`):
//   node ci/test-support/cli-batch.mjs '[["simulate","exit",...], ...]'
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../src/cli/main.ts');
const cases = JSON.parse(process.argv[2]);
const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
const results = [];
for (const argv of cases) {
  let out = '';
  let err = '';
  process.stdout.write = (s) => ((out += String(s)), true);
  process.stderr.write = (s) => ((err += String(s)), true);
  let code;
  try {
    code = await main(argv);
  } catch (e) {
    code = -1;
    err += `uncaught: ${e instanceof Error ? e.stack : String(e)}`;
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  results.push({ argv, code, out, err });
}
write.out(JSON.stringify(results));
process.exit(0);
