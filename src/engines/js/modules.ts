import * as fs from 'node:fs';
import { ts } from './typescript';
import { MAX_MODULE_BYTES, isRelative, resolveImport } from '../../catalogue/relative-imports';
import { isFileIndexFrozen } from '../../core/file-index';
import { statStamp } from '../../core/stamp';
import { type FileCtx, type Hooks, indexFile } from './file';
import { parseSource, staticName, unwrap } from './parse';
import { clientsOf } from './catalogue';
import type { SetupState } from './setup-modules';
import { type Val, UNKNOWN, evaluate, evaluateBinding, member } from './values';

// Modules a worker keeps parsed between files: the shared ones (a client wrapper, an SDK's core) stay in use.
const CACHE_BYTES = 1024 * 1024;

/**
 * Reads the other modules of the project that a file imports, by a relative path or an alias of its tsconfig or
 * jsconfig, one file at a time (no Program): parsed once, cached by path and stamp (`statStamp`).
 */
export class ModuleLoader {
  // Least recently used first; bounded by source size, as a parsed module holds about ten times its text.
  private readonly cache = new Map<string, { stamp: string; file: FileCtx | null; bytes: number }>();
  private bytes = 0;
  hooks!: Hooks;
  /** The config's setup modules for the file being linted (src/engines/js/setup-modules.ts). */
  setup: SetupState = { paths: [], reach: new Map() };

  constructor(private readonly maxBytes = CACHE_BYTES) {}

  /** The value an import binding holds: `name` null is the default export, '*' the namespace / require(). */
  importOf(from: FileCtx, specifier: string, name: string | null, depth: number): Val {
    const path = resolveImport(from.path, specifier);
    if (path === null && !isRelative(specifier)) {
      return { kind: 'ref', base: { module: specifier }, path: name && name !== '*' ? [name] : [] };
    }
    const target = this.load(path);
    if (!target || depth > 20) return UNKNOWN;
    const v = this.imported(target, name, depth);
    // A library reference re-exported by a wrapper keeps the defaults the wrapper sets (axios.defaults).
    return v.kind === 'ref' ? { ...v, via: [...(v.via ?? []), target] } : v;
  }

  /** The project module a specifier in `from` names, parsed; null for a package or a file that cannot be read. */
  moduleOf(from: FileCtx, specifier: string): FileCtx | null {
    return this.load(resolveImport(from.path, specifier));
  }

  /** The module at `path` (absolute), parsed; null for a file that cannot be read. */
  moduleAt(path: string): FileCtx | null {
    return this.load(path);
  }

  /** What importing `name` from the module at `path` gives (as `importOf`); unknown when it cannot be read. */
  valueAt(path: string, name: string | null): Val {
    const target = this.load(path);
    return target ? this.imported(target, name, 0) : UNKNOWN;
  }

  private imported(target: FileCtx, name: string | null, depth: number): Val {
    return name === '*' ? this.cjsExports(target, depth) ?? { kind: 'namespace', file: target } : this.exportOf(target, name ?? 'default', depth);
  }

  /** The value a module exports under `name`, ESM or CommonJS. */
  exportOf(target: FileCtx, name: string, depth: number): Val {
    if (depth > 20) return UNKNOWN;
    for (const st of target.sf.statements) {
      const v = this.exportIn(st, target, name, depth);
      if (v) return v;
    }
    // `export * from '@octokit/rest'`: a name the file does not export itself, that a client package exports
    // (which other names a package has is not known; those stay unknown).
    const fromPackage = packageStarExports(target).find((from) => clientsOf({ module: from }, [name]).length > 0);
    if (fromPackage !== undefined && name !== 'default') return { kind: 'ref', base: { module: fromPackage }, path: [name] };
    const cjs = this.cjsExports(target, depth);
    if (cjs) return name === 'default' ? cjs : member(cjs, name, depth + 1);
    for (const w of target.writes) {
      if (exportsTarget(w.left) === name) return evaluate(w.right, target, depth + 1);
    }
    return UNKNOWN;
  }

  private exportIn(st: ts.Statement, target: FileCtx, name: string, depth: number): Val | undefined {
    if (ts.isExportAssignment(st)) return name === 'default' || st.isExportEquals ? evaluate(st.expression, target, depth + 1) : undefined;
    if (ts.isExportDeclaration(st)) {
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (!st.exportClause) return from ? this.starExport(target, from, name, depth) : undefined;
      // `export * as net from './http'`: the module's namespace under one name.
      if (ts.isNamespaceExport(st.exportClause)) return from && st.exportClause.name.text === name ? this.importOf(target, from, '*', depth + 1) : undefined;
      if (!ts.isNamedExports(st.exportClause)) return undefined;
      const el = st.exportClause.elements.find((x) => x.name.text === name);
      if (!el) return undefined;
      const local = staticName(el.propertyName ?? el.name) ?? name;
      if (from) return this.importOf(target, from, local === 'default' ? null : local, depth + 1);
      const b = target.resolver.lookup(local, st);
      return b ? evaluateBinding(b, target, depth + 1) : UNKNOWN;
    }
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
    const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(st)) {
      const d = st.declarationList.declarations.find((x) => staticName(x.name) === name);
      const b = d ? target.resolver.lookup(name, d) : null;
      return b ? evaluateBinding(b, target, depth + 1) : undefined;
    }
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && (isDefault ? name === 'default' : st.name?.text === name)) {
      return ts.isFunctionDeclaration(st) ? { kind: 'local', decl: st, file: target } : UNKNOWN;
    }
    return undefined;
  }

  private starExport(target: FileCtx, from: string, name: string, depth: number): Val | undefined {
    if (name === 'default' || resolveImport(target.path, from) === null) return undefined;
    const v = this.importOf(target, from, name, depth + 1);
    return v.kind === 'unknown' ? undefined : v;
  }

  /** `module.exports = x`: the value of `x`. */
  private cjsExports(target: FileCtx, depth: number): Val | undefined {
    const w = target.writes.find((x) => isModuleExports(x.left));
    return w ? evaluate(w.right, target, depth + 1) : undefined;
  }

  /** The module at `path` as already parsed, when its text is `text`: a file linted after it was imported. */
  parsed(path: string, text: string): FileCtx | null {
    const hit = this.cache.get(path);
    return hit?.file && hit.file.sf.text === text ? hit.file : null;
  }

  /**
   * Keeps `file`, just linted from the text of `path` on disk, as that module: a file linted before another
   * imports it is not parsed again. Only within a run (the tree frozen), where the text linted is the file's
   * (an editor's text may not be saved); kept by stamp, so a file the run then fixes is read again.
   */
  adopt(path: string, file: FileCtx): void {
    if (!isFileIndexFrozen() || this.cache.has(path) || file.sf.text.length > MAX_MODULE_BYTES) return;
    let stamp: string;
    try {
      stamp = statStamp(fs.statSync(path));
    } catch {
      return;
    }
    this.remember(path, { stamp, file, bytes: file.sf.text.length });
  }

  private load(path: string | null): FileCtx | null {
    if (!path) return null;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      return null;
    }
    const stamp = statStamp(stat);
    const hit = this.cache.get(path);
    if (hit) this.forget(path, hit.bytes);
    if (hit && hit.stamp === stamp) {
      this.remember(path, hit);
      return hit.file;
    }
    let file: FileCtx | null = null;
    if (stat.size <= MAX_MODULE_BYTES) {
      const text = fs.readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      file = indexFile(parseSource(text, path), path, this.hooks, this);
    }
    this.remember(path, { stamp, file, bytes: stat.size });
    return file;
  }

  private forget(path: string, bytes: number): void {
    this.cache.delete(path);
    this.bytes -= bytes;
  }

  private remember(path: string, entry: { stamp: string; file: FileCtx | null; bytes: number }): void {
    this.cache.set(path, entry);
    this.bytes += entry.bytes;
  }

  /** Drops the least recently used modules over the bound; called between files, never while one is linted. */
  trim(): void {
    for (const [oldest, e] of this.cache) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest, e.bytes);
    }
  }
}

export function isModuleExports(e: ts.Expression): boolean {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && x.name.text === 'exports' && ts.isIdentifier(x.expression) && x.expression.text === 'module';
}

/** `exports.name` or `module.exports.name`: the exported name. */
export function exportsTarget(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (!ts.isPropertyAccessExpression(x)) return undefined;
  const obj = unwrap(x.expression);
  if ((ts.isIdentifier(obj) && obj.text === 'exports') || isModuleExports(obj)) return x.name.text;
  return undefined;
}

/** The packages a module re-exports whole: `export * from 'pkg'` (not a module of the project an alias names). */
function packageStarExports(target: FileCtx): string[] {
  const out: string[] = [];
  for (const st of target.sf.statements) {
    if (!ts.isExportDeclaration(st) || st.exportClause || st.isTypeOnly || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!isRelative(st.moduleSpecifier.text) && resolveImport(target.path, st.moduleSpecifier.text) === null) out.push(st.moduleSpecifier.text);
  }
  return out;
}
