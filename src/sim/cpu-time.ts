/**
 * CPU time of the calling thread, for benchmarks on shared machines: other processes on the same
 * cores dilute wall-clock rates but not this thread's own CPU seconds.
 */
import { readFileSync } from 'node:fs';

/**
 * This thread's CPU time in seconds so far (Linux: the first field of
 * `/proc/thread-self/schedstat`, in nanoseconds), or null where that file cannot be read.
 */
export function threadCpuSeconds(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return null;
  }
}
