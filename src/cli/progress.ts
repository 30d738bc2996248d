/**
 * Progress on stderr for long runs: a cli-progress bar on a TTY; on a non-TTY (logs, CI) one plain
 * line at most every `intervalSeconds`; nothing when quiet. stdout stays clean for `--json`.
 */
import cliProgress from 'cli-progress';

/** A progress reporter (the runners' `onProgress` plugs into `update`). */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * Creates a progress reporter.
 * @param label shown before the bar or line, e.g. `simulate exit`.
 * @param opts.quiet no output at all; opts.stream defaults to process.stderr; opts.intervalSeconds
 *   (non-TTY only) is the minimum time between lines, default 5.
 */
export function createProgress(
  label: string,
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; intervalSeconds?: number } = {},
): Progress {
  if (opts.quiet) return { update() {}, stop() {} };
  const stream = opts.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} | {value}/{total}`,
        clearOnComplete: true,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total);
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const interval = (opts.intervalSeconds ?? 5) * 1000;
  const t0 = Date.now();
  let lastLine = t0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - lastLine < interval || done >= total) return;
      lastLine = now;
      const pct = ((100 * done) / total).toFixed(1);
      stream.write(`${label}: ${pct}% (${done}/${total}) after ${((now - t0) / 1000).toFixed(0)} s\n`);
    },
    stop() {},
  };
}
