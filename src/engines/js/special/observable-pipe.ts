import { ts } from '../typescript';
import type { JsClientSpec, JsEntry } from '../../../catalogue/define-client';
import type { Fix } from '../../../model/finding';
import { mergeFixes } from '../../../fix/helpers';
import type { Layer } from '../evaluate';
import { namesIn, reassigned, type FileCtx } from '../file';
import { afterTrailingComments } from '../fix';
import { unwrap } from '../parse';
import { type Prop, type Val, evaluate } from '../values';
import { outermost } from '../walk';

type Call = ts.CallExpression | ts.NewExpression;
type Pipe = NonNullable<JsClientSpec['pipe']>;

/** What the pipes on one Observable were seen to do: operators that bound it, or something the analysis cannot see. */
interface Seen {
  props: Map<string, Prop>;
  open: boolean;
}

const MAX_HOPS = 8;

/** The node whose parent says where a value goes: past parentheses, `!`, `as` and `await`. */

/** The method call that continues a chain after `node`: `node.name(…)`. */
function nextInChain(node: ts.Node): { call: ts.CallExpression; name: string } | undefined {
  const n = outermost(node);
  const p = n.parent;
  if (!p || !ts.isPropertyAccessExpression(p) || p.expression !== n) return undefined;
  const c = p.parent;
  return c && ts.isCallExpression(c) && c.expression === p ? { call: c, name: p.name.text } : undefined;
}

function isEntry(v: Val, entries: readonly JsEntry[]): boolean {
  if (v.kind !== 'ref' || !('module' in v.base)) return false;
  const { module } = v.base;
  return entries.some((e) => e.module === module && v.path.length === 1 && v.path[0] === e.export);
}

/**
 * One argument of `.pipe(…)`: an operator the spec names bounds the Observable; another package's operator
 * (`map`, `catchError`) does not; an operator made in the project may pipe a timeout itself, so it counts as
 * set (contract: what the analysis cannot see counts as set).
 */
function readOperator(arg: ts.Expression, pipe: Pipe, file: FileCtx, seen: Seen): void {
  const e = unwrap(arg);
  const callee = ts.isCallExpression(e) ? evaluate(e.expression, file) : undefined;
  if (callee && isEntry(callee, pipe.operators)) seen.props.set(pipe.option, { expr: e, node: e, file });
  else if (!callee || callee.kind !== 'ref' || !('module' in callee.base)) seen.open = true;
}

/** The call a value is handed to as an argument, directly or in an array or object literal: `forkJoin([a, b])`. */
function argumentOf(node: ts.Node): Call | undefined {
  let n = outermost(node);
  for (let hop = 0; hop < 3 && n.parent; hop++) {
    const p = n.parent;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n as ts.Expression)) return p;
    if (ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p)) n = outermost(p);
    else if (ts.isPropertyAssignment(p) && p.initializer === n) n = p;
    else return undefined;
  }
  return undefined;
}

/** The `const` (or never reassigned `let`) an Observable is stored in, with its references in scope. */
function referencesOf(end: ts.Node, file: FileCtx): ts.Identifier[] {
  const d = outermost(end).parent;
  if (!d || !ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name)) return [];
  const b = file.resolver.resolve(d.name);
  if (!b || b.kind !== 'var' || (!b.constant && reassigned(b, file))) return [];
  const name = d.name;
  return namesIn(file, b.scope, name.text).filter((n) => n !== name && file.resolver.resolve(n) === b);
}

/**
 * Follows an Observable from `start`: its `.pipe(…)` calls, the name it is stored in, and the package
 * functions it is handed to that give an Observable back (`forkJoin([req]).pipe(…)`). A project function it is
 * handed to may pipe a timeout, so that counts as set. Anything else (`.subscribe()`, a `return`) ends it.
 */
function follow(start: ts.Node, pipe: Pipe, file: FileCtx, seen: Seen, hops: number): void {
  let end: ts.Node = start;
  for (let next = nextInChain(end); next; next = nextInChain(end)) {
    if (next.name !== pipe.method) return;
    for (const a of next.call.arguments) readOperator(a, pipe, file, seen);
    end = next.call;
  }
  if (hops >= MAX_HOPS) return;
  const into = argumentOf(end);
  if (into) {
    const callee = evaluate(into.expression, file);
    if (callee.kind === 'ref' && 'module' in callee.base) follow(into, pipe, file, seen, hops + 1);
    else seen.open = true;
    return;
  }
  for (const ref of referencesOf(end, file)) follow(ref, pipe, file, seen, hops + 1);
}

/** The operators piped onto the Observable a request (or instance) returns, as one layer. */
export function pipeLayers(spec: JsClientSpec, at: Call, file: FileCtx, kind: Layer['kind']): Layer[] {
  if (!spec.pipe) return [];
  const seen: Seen = { props: new Map(), open: false };
  follow(at, spec.pipe, file, seen, 0);
  return seen.props.size || seen.open ? [{ value: { kind: 'object', props: seen.props, open: seen.open }, kind, at, file }] : [];
}

/** How the file already names an operator: `timeout` (or its alias) from a named import, `op.timeout` from a namespace. */
function importedOperator(pipe: Pipe, file: FileCtx): string | undefined {
  for (const st of file.sf.statements) {
    if (!ts.isImportDeclaration(st) || st.importClause?.isTypeOnly || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const module = st.moduleSpecifier.text;
    const nb = st.importClause?.namedBindings;
    const ops = pipe.operators.filter((o) => o.module === module);
    if (!nb || !ops.length) continue;
    if (ts.isNamespaceImport(nb)) return `${nb.name.text}.${ops[0]!.export}`;
    const el = nb.elements.find((x) => !x.isTypeOnly && ops.some((o) => o.export === (x.propertyName ?? x.name).text));
    if (el) return el.name.text;
  }
  return undefined;
}

/**
 * The import to add for the fix's operator, and the module it names: into a named import of one of the operators'
 * modules, else a new line.
 */
function addImport(pipe: Pipe, file: FileCtx, local: string): { fix: Fix; module: string } | undefined {
  const { sf } = file;
  const op = pipe.operators[0]!;
  const text = local === op.export ? op.export! : `${op.export} as ${local}`;
  const imports = sf.statements.filter(ts.isImportDeclaration);
  const modules = pipe.operators.map((o) => o.module);
  const host = imports.find((st) => {
    const nb = st.importClause?.namedBindings;
    return !st.importClause?.isTypeOnly && nb && ts.isNamedImports(nb) && ts.isStringLiteral(st.moduleSpecifier) && modules.includes(st.moduleSpecifier.text);
  });
  const named = host?.importClause?.namedBindings as ts.NamedImports | undefined;
  const last = named?.elements[named.elements.length - 1];
  if (last) return { fix: { range: [last.end, last.end], text: `, ${text}` }, module: (host!.moduleSpecifier as ts.StringLiteral).text };
  const after = imports[imports.length - 1];
  if (!after || !op.module) return undefined;
  const eol = sf.text.includes('\r\n') ? '\r\n' : '\n';
  const at = afterTrailingComments(sf, after.end);
  return { fix: { range: [at, at], text: `${eol}import { ${text} } from '${op.module}';` }, module: op.module };
}

/** A name for the operator that nothing in the file binds or reads as a global (namesIn indexes the file once). */
function freeName(base: string, file: FileCtx): string | undefined {
  return [base, `rx${base.charAt(0).toUpperCase()}${base.slice(1)}`].find((name) => !namesIn(file, file.sf, name).length);
}

/** Where the operator goes: into a `.pipe(…)` that follows the call at once, before its operators, else a new one. */
function placeOperator(at: Call, pipe: Pipe, file: FileCtx, operator: string, text: string): Fix {
  const next = nextInChain(at);
  const first = next?.name === pipe.method ? next.call.arguments[0] : undefined;
  if (first && !ts.isSpreadElement(first)) return { range: [first.getStart(file.sf), first.getStart(file.sf)], text: `${operator}, ` };
  return { range: [at.end, at.end], text };
}

/**
 * The operator piped onto the request's Observable, imported when the file does not import it yet. `text` is
 * the rendered template, `.pipe({{operator}}(ms))`, where the operator's name goes in place of `{{operator}}`.
 */
export function pipeFix(spec: JsClientSpec, at: Call, file: FileCtx, text: string): { fix: Fix; desc: string } | undefined {
  const pipe = spec.pipe;
  const op = pipe?.operators[0];
  const prefix = `.${pipe?.method}(`;
  if (!pipe || !op?.export || !text.startsWith(prefix) || !text.endsWith(')')) return undefined;
  const imported = importedOperator(pipe, file);
  // The imported name must still mean the operator at the request: a parameter or local of that name hides it.
  const known = imported && file.resolver.lookup(imported.split('.')[0]!, at)?.kind === 'import' ? imported : undefined;
  const local = known ?? freeName(op.export, file);
  if (!local) return undefined;
  const chained = text.replace(/\{\{operator\}\}/g, local);
  const operator = chained.slice(prefix.length, -1);
  const call = placeOperator(at, pipe, file, operator, chained);
  const desc = `Pipe the request through ${operator}`;
  if (known) return { fix: call, desc };
  const added = addImport(pipe, file, local);
  return added ? { fix: mergeFixes(file.sf.text, [added.fix, call]), desc: `${desc}, importing ${op.export} from '${added.module}'` } : undefined;
}
