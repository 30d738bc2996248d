/**
 * The public API is documented: every name `src/index.ts` exports (values and types) has a TSDoc
 * comment where it is declared, and a section of docs/api.md; every section of docs/api.md names an
 * export (nothing stale). The exports are read with TypeScript's parser (syntax only: fast),
 * following re-exports to the declaration, and checked against what the module really exports at
 * run time, so the list cannot drift from the code.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from './index.ts';
import * as vitestApi from './vitest/index.ts';

const INDEX = fileURLToPath(new URL('./index.ts', import.meta.url));
const VITEST = fileURLToPath(new URL('./vitest/index.ts', import.meta.url));
const API_DOC = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');

const parsed = new Map<string, ts.SourceFile>();
function source(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    parsed.set(file, sf);
  }
  return sf;
}

const moduleFile = (from: string, spec: string) => resolve(dirname(from), spec);

interface Export {
  name: string;
  typeOnly: boolean;
  /** The file and local name it comes from. */
  file: string;
  local: string;
}

/** A declaration statement's name, when it is exported in place (`export function f`, `export const c`). */
function exportedInPlace(st: ts.Statement): { name: string; typeOnly: boolean }[] {
  const mods = ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : [];
  if (!mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return [];
  if (ts.isVariableStatement(st))
    return st.declarationList.declarations.map((d) => ({ name: d.name.getText(), typeOnly: false }));
  if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st))
    return st.name ? [{ name: st.name.text, typeOnly: false }] : [];
  if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) return [{ name: st.name.text, typeOnly: true }];
  return [];
}

/** The names an entry exports: listed re-exports (no `export *`, so the list is the API) and its own. */
function entryExports(entry: string): Export[] {
  const out: Export[] = [];
  for (const st of source(entry).statements) {
    for (const e of exportedInPlace(st)) out.push({ ...e, file: entry, local: e.name });
    if (!ts.isExportDeclaration(st)) continue;
    if (!st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) throw new Error('export without from');
    if (!st.exportClause || !ts.isNamedExports(st.exportClause)) throw new Error(`${entry} must not \`export *\``);
    for (const el of st.exportClause.elements) {
      out.push({
        name: el.name.text,
        typeOnly: st.isTypeOnly || el.isTypeOnly,
        file: moduleFile(entry, st.moduleSpecifier.text),
        local: (el.propertyName ?? el.name).text,
      });
    }
  }
  return out;
}

type Declared = ts.Node & { name?: ts.Node };

/** The declaration of `name` in `file`, following `export { … } from`, `export *` and import-then-export. */
function declarationOf(file: string, name: string, seen = new Set<string>()): Declared | null {
  const key = `${file}#${name}`;
  if (seen.has(key)) return null;
  seen.add(key);
  const sf = source(file);
  for (const st of sf.statements) {
    const named = (n: ts.Node & { name?: ts.Node }) => n.name && ts.isIdentifier(n.name) && n.name.text === name;
    if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st)) &&
      named(st)
    )
      return st;
    if (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => named(d))) return st;
  }
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = moduleFile(file, st.moduleSpecifier.text);
      if (!st.exportClause) {
        const d = declarationOf(target, name, seen);
        if (d) return d;
      } else if (ts.isNamedExports(st.exportClause)) {
        const el = st.exportClause.elements.find((e) => e.name.text === name);
        if (el) return declarationOf(target, (el.propertyName ?? el.name).text, seen);
      }
    }
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      const el = st.exportClause.elements.find((e) => e.name.text === name);
      if (!el) continue;
      const local = (el.propertyName ?? el.name).text;
      for (const imp of sf.statements) {
        if (!ts.isImportDeclaration(imp) || !ts.isStringLiteral(imp.moduleSpecifier)) continue;
        const bindings = imp.importClause?.namedBindings;
        if (!bindings || !ts.isNamedImports(bindings)) continue;
        const b = bindings.elements.find((e) => e.name.text === local);
        if (b) return declarationOf(moduleFile(file, imp.moduleSpecifier.text), (b.propertyName ?? b.name).text, seen);
      }
    }
  }
  return null;
}

/** The TSDoc text attached to a declaration (its `/** … *\/` comments), '' when none. */
function tsdoc(node: Declared): string {
  return ts
    .getJSDocCommentsAndTags(ts.isVariableStatement(node) ? node.declarationList.declarations[0] : node)
    .map((d) => d.getText())
    .join('\n')
    .concat(
      ts.isVariableStatement(node)
        ? ts
            .getJSDocCommentsAndTags(node)
            .map((d) => d.getText())
            .join('')
        : '',
    );
}

/** The names docs/api.md documents: its `### \`name\`` headings (a heading may list several). */
function documentedNames(): Set<string> {
  const names = new Set<string>();
  for (const m of API_DOC.matchAll(/^#{3,4} (.+)$/gm))
    for (const n of m[1].matchAll(/`([A-Za-z_$][\w$]*)`/g)) names.add(n[1]);
  return names;
}

describe("the public API ('htsgd' = src/index.ts, 'htsgd/vitest' = src/vitest/index.ts)", () => {
  const main = entryExports(INDEX);
  const helpers = entryExports(VITEST);
  const exports = [...main, ...helpers];

  it('is what the modules export at run time (the parse is right)', () => {
    for (const [list, mod] of [
      [main, api],
      [helpers, vitestApi],
    ] as const) {
      const values = list.filter((e) => !e.typeOnly).map((e) => e.name);
      expect(new Set(values).size).toBe(values.length);
      expect([...values].sort()).toEqual(Object.keys(mod).sort());
    }
  });

  it('has TSDoc on every export, where it is declared', () => {
    const missing: string[] = [];
    for (const e of exports) {
      const d = declarationOf(e.file, e.local);
      expect(d, `${e.name}: declaration not found from ${e.file}`).not.toBeNull();
      if (tsdoc(d!).trim().length < 10) missing.push(`${e.name} (${e.file})`);
    }
    expect(missing).toEqual([]);
  });

  it('is documented in docs/api.md, and docs/api.md documents nothing else', () => {
    const documented = documentedNames();
    expect(exports.map((e) => e.name).filter((n) => !documented.has(n))).toEqual([]);
    const exported = new Set(exports.map((e) => e.name));
    expect([...documented].filter((n) => !exported.has(n))).toEqual([]);
  });
});
