/**
 * Seeds and labelled streams. A stream is named by `{ seed, path }`; forking appends a label to the
 * path, so sub-stream "theorem/point/trial" replays alone and adding a consumer never shifts the
 * others. Chain i of an experiment gets its state from a fast hash of (stream key, i): the numbers
 * a chain sees depend only on (seed, path, i), never on which worker ran it or how chains were
 * chunked.
 */
import seedrandom from 'seedrandom';
import { Xoshiro128 } from './xoshiro.ts';
import { invalidOption } from '../core/errors.ts';

/** A user seed: a non-negative safe integer or a non-empty string. */
export type Seed = number | string;

/** A labelled stream: where its numbers come from, enough to replay it. */
export interface StreamLabel {
  readonly seed: Seed;
  readonly path: string;
}

/** Validates a seed at a public boundary. */
export function checkSeed(api: string, seed: unknown): Seed {
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return seed;
  if (typeof seed === 'string' && seed.length > 0) return seed;
  throw invalidOption(api, 'seed', 'a non-negative integer or a non-empty string', seed);
}

/**
 * Derives a 128-bit key for `{seed, path}` with seedrandom's ARC4 (slow, ~µs, but used once per
 * stream, never per draw).
 */
export function deriveKey(label: StreamLabel): Uint32Array {
  const arc4 = seedrandom(`htsgd|${String(label.seed)}|${label.path}`);
  const key = new Uint32Array(4);
  for (let i = 0; i < 4; i++) key[i] = arc4.int32() >>> 0;
  if ((key[0] | key[1] | key[2] | key[3]) === 0) key[0] = 1;
  return key;
}

/** A stream's label forked by one more label component. */
export function forkLabel(label: StreamLabel, ...labels: (string | number)[]): StreamLabel {
  const tail = labels.map(String).join('/');
  return { seed: label.seed, path: label.path ? `${label.path}/${tail}` : tail };
}

/** A generator for a labelled stream. */
export function openStream(label: StreamLabel): Xoshiro128 {
  return new Xoshiro128(deriveKey(label));
}

/** murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Writes the xoshiro state of chain `index` of the stream with key `key` into `out[offset..offset+4)`.
 * Word w is fmix32(key[w] ^ fmix32(index·4 + w + golden)); distinct (key, index) give unrelated states.
 * Chain indices must be < 2^30 (4 words each without collision in the counter).
 */
export function writeChainState(key: Uint32Array, index: number, out: Uint32Array, offset = 0): void {
  let all = 0;
  for (let w = 0; w < 4; w++) {
    const c = fmix32((Math.imul(index, 4) + w + 0x9e3779b9) >>> 0);
    const v = fmix32((key[w] ^ c) >>> 0);
    out[offset + w] = v;
    all |= v;
  }
  if (all === 0) out[offset] = 1;
}

/** The generator of chain `index` of the stream with key `key`. */
export function chainStream(key: Uint32Array, index: number): Xoshiro128 {
  const s = new Uint32Array(4);
  writeChainState(key, index, s, 0);
  return new Xoshiro128(s);
}
