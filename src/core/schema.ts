/**
 * One schema per input format (landscape files, audit claims, conjecture options), written with zod,
 * and the one way a schema refuses a value: the first issue becomes the usual InputError shape
 * (`<api>: invalid option \`name\`: expected <domain>, got <value>.`), an unknown key is refused with
 * the keys allowed and the nearest one (`"scal"` → ``Did you mean `scale`?``). Every documented field
 * carries `{ description, expected }` metadata: `expected` is the domain the message states,
 * `description` what `docs/inputs.md` says of it (generated from the schemas by {@link schemaMarkdown}).
 */
import { z } from 'zod';
import { type ErrorCode, invalidOption } from './errors.ts';

/** What a documented field says of itself. */
export interface FieldDoc {
  /** What the field means (docs/inputs.md). */
  readonly description: string;
  /** The domain a value must lie in, as the error message states it (`a finite number > 0`). */
  readonly expected: string;
}

/** Attaches the docs and the error domain to a schema (kept in zod's global registry). */
export function documented<T extends z.ZodType>(schema: T, doc: FieldDoc): T {
  return schema.meta({ description: doc.description, expected: doc.expected }) as T;
}

function docOf(schema: z.ZodType): Partial<FieldDoc> {
  const m = schema.meta() as Partial<FieldDoc> | undefined;
  return m ?? {};
}

/** Optional, nullable and default wrappers removed (their docs are read before unwrapping). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
    s = s.unwrap() as z.ZodType;
  return s;
}

/** The options of a discriminated union as object schemas. */
function unionOptions(s: z.ZodDiscriminatedUnion): z.ZodObject[] {
  return s.options as unknown as z.ZodObject[];
}

/** The object schema that applies to `value` (a discriminated union picks its option by the discriminator). */
function objectFor(schema: z.ZodType, value: unknown): z.ZodObject | undefined {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return s;
  if (s instanceof z.ZodDiscriminatedUnion && typeof value === 'object' && value !== null) {
    const key = s.def.discriminator;
    const v = (value as Record<string, unknown>)[key];
    return unionOptions(s).find((o) => {
      const lit = unwrap(o.shape[key] as z.ZodType);
      return lit instanceof z.ZodLiteral && lit.values.has(v as never);
    });
  }
  return undefined;
}

/** The schemas along `path` (outermost first), each with the value at its depth. */
function walk(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
): Array<{ schema: z.ZodType; value: unknown }> {
  const out = [{ schema, value }];
  let s: z.ZodType = schema;
  let v = value;
  for (const key of path) {
    const obj = objectFor(s, v);
    const inner = unwrap(s);
    let next: z.ZodType | undefined;
    if (obj !== undefined && typeof key === 'string') next = obj.shape[key] as z.ZodType | undefined;
    else if (inner instanceof z.ZodArray) next = inner.element as z.ZodType;
    else if (inner instanceof z.ZodTuple) next = inner.def.items[Number(key)] as z.ZodType | undefined;
    if (next === undefined) break;
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
    s = next;
    out.push({ schema: s, value: v });
  }
  return out;
}

/** Edit distance (case-insensitive): `scal` → `scale` is 1, `tailindex` → `tailIndex` is 0. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length];
}

/**
 * The known key nearest to `key` among those not given, when it is near enough to be a typo (at
 * most 2 edits and at most a third of the key's length, or a difference of case only).
 */
export function nearestKey(key: string, known: readonly string[], given: readonly string[] = []): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (given.includes(k)) continue;
    const d = distance(key, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.min(2, Math.max(1, Math.floor(key.length / 3))) ? best : undefined;
}

/** Where a schema is applied: the api in messages, a prefix for option names, the error code. */
export interface SchemaContext {
  /** The command or input named at the start of the message (`htsgd audit`, `landscape file x.json`). */
  readonly api: string;
  /** Prefix of the option names (`claims.`); @default '' */
  readonly prefix?: string;
  /** @default 'ERR_INVALID_OPTION' */
  readonly code?: ErrorCode;
}

/**
 * Parses `value` with `schema`, or throws the one InputError shape for its first issue (an unknown
 * key before any other).
 * @throws InputError naming the field (with its prefix), the domain it must lie in and the value;
 *   an unknown key names the keys allowed and, when one is near, ``Did you mean `scale`?``.
 * @example parseInput(landscapeFileSchema, { kind: 'polynomial', roots: [-1, 0, 1], box: 2, scal: 5 }, { api: 'landscape file x.json' })
 *   // InputError: landscape file x.json: invalid option `scal`: expected one of the keys kind, roots, scale, box, got "scal". Did you mean `scale`?
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, ctx: SchemaContext): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // An unknown key first: a typo (`tailindex`) also makes its key look missing, and the typo is the news.
  const issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0];
  const prefix = ctx.prefix ?? '';
  const code = ctx.code ?? 'ERR_INVALID_OPTION';
  const at = (p: readonly PropertyKey[]) =>
    p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i > 0 ? '.' : ''}${String(k)}`)).join('');
  const steps = walk(schema, value, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const { schema: at0, value: got } = steps[steps.length - 1];
    const obj = objectFor(at0, got);
    const known = obj ? Object.keys(obj.shape) : [];
    const given = typeof got === 'object' && got !== null ? Object.keys(got) : [];
    const key = issue.keys[0];
    const near = nearestKey(key, known, given);
    const fix = [
      near ? `Did you mean \`${near}\`?` : '',
      issue.keys.length > 1
        ? `(Also unknown: ${issue.keys
            .slice(1)
            .map((k) => `\`${k}\``)
            .join(', ')}.)`
        : '',
    ];
    const name = `${prefix}${at([...issue.path, key])}`;
    return fail(ctx.api, name, `one of the keys ${known.join(', ')}`, key, fix.filter(Boolean).join(' '), code);
  }
  // A refinement states its own domain at its path; otherwise the innermost documented schema on
  // the path does, and the message names that field and its whole value (`roots`, not `roots[1]`).
  let depth = steps.length - 1;
  if (issue.code !== 'custom') while (depth > 0 && docOf(steps[depth].schema).expected === undefined) depth--;
  const expected = issue.code === 'custom' ? issue.message : (docOf(steps[depth].schema).expected ?? issue.message);
  // A discriminated union's unknown kind: name the discriminator and its value.
  if (issue.code === 'invalid_union' && depth === 0 && issue.path.length === 1) {
    const key = issue.path[0];
    const got = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : value;
    return fail(ctx.api, `${prefix}${String(key)}`, expected, got, undefined, code);
  }
  const path = issue.path.slice(0, depth);
  const name = path.length === 0 ? prefix.replace(/\.$/, '') || 'value' : `${prefix}${at(path)}`;
  return fail(ctx.api, name, expected, steps[depth].value, undefined, code);
}

function fail(
  api: string,
  name: string,
  expected: string,
  got: unknown,
  fix: string | undefined,
  code: ErrorCode,
): never {
  throw invalidOption(api, name, expected, got, fix || undefined, code);
}

// ---------------------------------------------------------------------------------------------
// Docs generated from the schemas

function typeName(s: z.ZodType): string {
  const named = (s.meta() as { type?: unknown } | undefined)?.type;
  if (typeof named === 'string') return named;
  const u = unwrap(s);
  if (u instanceof z.ZodLiteral) return [...u.values].map((v) => JSON.stringify(v)).join(' \\| ');
  if (u instanceof z.ZodEnum) return u.options.map((v) => JSON.stringify(v)).join(' \\| ');
  if (u instanceof z.ZodNumber) return 'number';
  if (u instanceof z.ZodString) return 'string';
  if (u instanceof z.ZodBoolean) return 'boolean';
  if (u instanceof z.ZodArray) {
    const e = typeName(u.element as z.ZodType);
    return e.includes(' ') ? `(${e})[]` : `${e}[]`;
  }
  if (u instanceof z.ZodTuple) return `[${u.def.items.map((i) => typeName(i as z.ZodType)).join(', ')}]`;
  if (u instanceof z.ZodObject) return 'object';
  if (u instanceof z.ZodUnion) return (u.options as z.ZodType[]).map(typeName).join(' \\| ');
  return docOf(s).expected?.startsWith('a function') ? 'function' : 'value';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The rows of one object schema: key, type, required, domain, meaning (nested objects follow, dotted). */
function objectRows(obj: z.ZodObject, prefix: string): string[] {
  const rows: string[] = [];
  for (const [key, field] of Object.entries(obj.shape) as Array<[string, z.ZodType]>) {
    const d = docOf(field);
    const optional = field.safeParse(undefined).success;
    const nullable = field.safeParse(null).success;
    rows.push(
      `| \`${prefix}${key}\` | ${typeName(field)}${nullable ? ' \\| null' : ''} | ${optional ? 'no' : 'yes'} | ${cell(d.expected ?? '')} | ${cell(d.description ?? '')} |`,
    );
    const inner = unwrap(field);
    if (inner instanceof z.ZodObject) rows.push(...objectRows(inner, `${prefix}${key}.`));
  }
  return rows;
}

/**
 * A schema as markdown tables (one per option of a discriminated union), for docs/inputs.md: every
 * key with its type, whether it is required, the domain stated in error messages and its meaning.
 */
export function schemaMarkdown(schema: z.ZodType): string {
  const head = '| key | type | required | domain | meaning |\n| --- | --- | --- | --- | --- |';
  const u = unwrap(schema);
  const objects =
    u instanceof z.ZodDiscriminatedUnion ? unionOptions(u) : u instanceof z.ZodObject ? [u] : ([] as z.ZodObject[]);
  return objects
    .map((o) => {
      const title = docOf(o).description;
      return `${title ? `${title}\n\n` : ''}${head}\n${objectRows(o, '').join('\n')}\n`;
    })
    .join('\n');
}
