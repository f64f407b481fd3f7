// Code that runs only where a runtime lacks an API (`if (!AbortSignal.timeout) { … }`, `if (!AbortController) { … }`): a
// fix calling it would throw there.
import { ts } from './typescript';
import type { Finding } from '../../model/finding';
import { isGlobal, type FileCtx } from './file';
import { staticName, unwrap } from './parse';
import { packageMajors } from '../../core/package-version';

/** The `AbortSignal` statics a fix may call: `timeout` and `any`. */
const APIS = ['timeout', 'any'] as const;
/** A static, or (`abort`) the abort API itself: `AbortController` and `AbortSignal`, which came together. */
type Api = (typeof APIS)[number] | 'abort';

/** The globals of the abort API: a runtime lacking either lacks both, and every static of `AbortSignal`. */
const ABORT_GLOBALS = ['AbortSignal', 'AbortController'] as const;
type AbortGlobal = (typeof ABORT_GLOBALS)[number];

/** The global object's names: `window` and `self` too, where the file binds no such name. */
const GLOBAL_OBJECTS = ['globalThis', 'window', 'self'];

/**
 * `AbortSignal.timeout` (also `AbortSignal?.timeout`, `AbortSignal['timeout']`, `globalThis.AbortSignal.timeout`, `window.` or
 * `self.`): which static it reads; `AbortSignal` or `AbortController` (also off `globalThis`, `window`, `self`): that global.
 */
function staticRead(e: ts.Expression, file: FileCtx): Api | AbortGlobal | undefined {
  const x = unwrap(e);
  for (const name of ABORT_GLOBALS) {
    if (isGlobal(x, name, file)) return name;
    if (ts.isPropertyAccessExpression(x) && x.name.text === name && GLOBAL_OBJECTS.some((g) => isGlobal(unwrap(x.expression), g, file))) return name;
  }
  const name = ts.isPropertyAccessExpression(x) ? x.name.text : ts.isElementAccessExpression(x) ? staticName(x.argumentExpression) : undefined;
  const owner = ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) ? x.expression : undefined;
  return owner && staticRead(owner, file) === 'AbortSignal' && (APIS as readonly string[]).includes(name!) ? (name as Api) : undefined;
}

/** A read that tells whether `api` is there: the static itself, or a global of the abort API, which speaks for every static. */
function speaksFor(read: Api | AbortGlobal | undefined, api: Api): boolean {
  return read !== undefined && (read === api || (ABORT_GLOBALS as readonly string[]).includes(read));
}

/**
 * What a test says of the API when it is true: `present` (`AbortSignal.timeout`, `typeof … === 'function'`,
 * `'timeout' in AbortSignal`, `'AbortController' in globalThis`), `missing` (`!AbortSignal.timeout`, `typeof … ===
 * 'undefined'`, `… == null`), or nothing. A test of `AbortSignal` or `AbortController` itself speaks for both statics.
 */
function says(test: ts.Expression, api: Api, file: FileCtx, depth = 0): 'present' | 'missing' | undefined {
  const e = unwrap(test);
  const flip = (s: 'present' | 'missing' | undefined) => (s === 'present' ? 'missing' : s === 'missing' ? 'present' : undefined);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return flip(says(e.operand, api, file, depth));
  // A `const` holding such a test (`const hasTimeout = typeof AbortSignal.timeout === 'function'`) says what it says.
  const held = ts.isIdentifier(e) && depth < 4 ? file.resolver.resolve(e) : undefined;
  if (held?.kind === 'var' && held.constant && !held.path.length && held.init) return says(held.init, api, file, depth + 1);
  if (speaksFor(staticRead(e, file), api)) return 'present';
  if (!ts.isBinaryExpression(e)) return undefined;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.InKeyword) {
    const key = staticName(unwrap(e.left));
    const owner = unwrap(e.right);
    if (key === api && staticRead(owner, file) === 'AbortSignal') return 'present';
    return speaksFor(key as AbortGlobal, api) && GLOBAL_OBJECTS.some((g) => isGlobal(owner, g, file)) ? 'present' : undefined;
  }
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  const [a, b] = [unwrap(e.left), unwrap(e.right)];
  const side = (x: ts.Expression, other: ts.Expression): 'present' | 'missing' | undefined => {
    // `typeof AbortSignal.timeout === 'function'` / `=== 'undefined'`
    if (ts.isTypeOfExpression(x) && ts.isStringLiteralLike(other)) {
      const r = staticRead(x.expression, file);
      if (!speaksFor(r, api)) return undefined;
      return other.text === 'undefined' ? 'missing' : other.text === 'function' || (r === 'AbortSignal' && other.text === 'object') ? 'present' : undefined;
    }
    // `AbortSignal.timeout === undefined` / `== null`
    const nothing = other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined');
    return speaksFor(staticRead(x, file), api) && nothing ? 'missing' : undefined;
  };
  const s = side(a, b) ?? side(b, a);
  return equal ? s : flip(s);
}

/**
 * A clause of `switch (typeof AbortSignal.timeout)` that may run with it missing: `case 'undefined'`, a `default` the
 * switch lists no `'undefined'` for, or one an earlier such clause falls through to.
 */
function missingCase(clause: ts.CaseOrDefaultClause, api: Api, file: FileCtx): boolean {
  const sw = clause.parent.parent;
  const t = unwrap(sw.expression);
  if (!ts.isTypeOfExpression(t) || !speaksFor(staticRead(t.expression, file), api)) return false;
  const clauses = sw.caseBlock.clauses;
  const undef = (c: ts.CaseOrDefaultClause) => ts.isCaseClause(c) && ts.isStringLiteralLike(unwrap(c.expression)) && (unwrap(c.expression) as ts.StringLiteralLike).text === 'undefined';
  const listed = clauses.some(undef);
  let runs = false;
  for (const c of clauses) {
    runs = runs || undef(c) || (ts.isDefaultClause(c) && !listed);
    if (c === clause) return runs;
    // Only reached by falling through: a clause ending in `break`, `return`, `throw` or `continue` does not.
    if (ends(c)) runs = false;
  }
  return false;
}

/** A clause whose last statement leaves the switch. */
function ends(c: ts.CaseOrDefaultClause): boolean {
  const last = c.statements[c.statements.length - 1];
  return !!last && (ts.isBreakStatement(last) || ts.isContinueStatement(last) || exits(last));
}

/** Whether a branch taken when `test` is `truth` may run with the API missing: a `&&`/`||` chain holding such a test. */
function mayLack(test: ts.Expression, truth: boolean, api: Api, file: FileCtx, depth = 0): boolean {
  const e = unwrap(test);
  const held = ts.isIdentifier(e) && depth < 4 ? file.resolver.resolve(e) : undefined;
  if (held?.kind === 'var' && held.constant && !held.path.length && held.init) return mayLack(held.init, truth, api, file, depth + 1);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken && !says(e, api, file)) return mayLack(e.operand, !truth, api, file, depth);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return mayLack(e.left, truth, api, file, depth) || mayLack(e.right, truth, api, file, depth);
  }
  return says(e, api, file) === (truth ? 'missing' : 'present');
}

/** A statement that never falls through: `return`, `throw`, or a block ending in one. */
function exits(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) return true;
  return ts.isBlock(s) && s.statements.length > 0 && exits(s.statements[s.statements.length - 1]!);
}

/**
 * Whether `node` runs only, or also, where the runtime lacks `AbortSignal[api]`: in the branch of an `if` or `?:` whose
 * test says it is missing, in the `else` of one that says it is there, or after an `if (AbortSignal.timeout) return …`.
 */
export function underMissingApi(node: ts.Node, api: Api, file: FileCtx): boolean {
  for (let c: ts.Node = node, p = node.parent; p; c = p, p = p.parent) {
    if (ts.isIfStatement(p) && c !== p.expression && mayLack(p.expression, c === p.thenStatement, api, file)) return true;
    if (ts.isConditionalExpression(p) && c !== p.condition && mayLack(p.condition, c === p.whenTrue, api, file)) return true;
    // `!AbortSignal.timeout && fetch(url)`, `AbortSignal.timeout || fetch(url)`: the right operand runs as an arm.
    const op = ts.isBinaryExpression(p) && c === p.right ? p.operatorToken.kind : undefined;
    if ((op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) && mayLack((p as ts.BinaryExpression).left, op === ts.SyntaxKind.AmpersandAmpersandToken, api, file)) return true;
    if (ts.isCaseOrDefaultClause(c) && ts.isCaseBlock(p) && missingCase(c, api, file)) return true;
    if ((ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) && c.pos >= firstGuardEnd(p, api, file)) return true;
  }
  return false;
}

/**
 * Where the first statement of a block that returns when the API is there (`if (AbortSignal.timeout) return …`)
 * ends: what follows it runs only without the API. Read once per block and kept on the file. Infinity for none.
 */
function firstGuardEnd(block: ts.Block | ts.SourceFile | ts.CaseOrDefaultClause, api: Api, file: FileCtx): number {
  const key = `missingApiGuard:${api}`;
  let known = file.cache.get(key) as Map<ts.Node, number> | undefined;
  if (!known) file.cache.set(key, (known = new Map()));
  let end = known.get(block);
  if (end === undefined) {
    const s = block.statements.find((x) => ts.isIfStatement(x) && !x.elseStatement && exits(x.thenStatement) && mayLack(x.expression, false, api, file));
    known.set(block, (end = s ? s.end : Infinity));
  }
  return end;
}

/** Whether a fix text uses the abort API where the code around `node` may run without it, or calls a static it may lack. */
function callsMissing(text: string, node: ts.Node, file: FileCtx): boolean {
  if (/\bAbort(?:Signal|Controller)\b/.test(text) && underMissingApi(node, 'abort', file)) return true;
  return APIS.some((api) => text.includes(`AbortSignal.${api}(`) && underMissingApi(node, api, file));
}

/** A fix that bounds the request with the client's own option, needing no abort API, and the option as the message names it. */
export interface OwnBound {
  extra: Pick<Finding, 'fix' | 'suggestions'>;
  option: string;
  /** What the option needs (a library version), said beside it. */
  note?: string;
}

/**
 * The finding without the fix and suggestions that would use the abort API where the code tests it missing
 * (`if (!AbortController)`, `if (typeof AbortSignal === 'undefined')`) or call `AbortSignal.timeout` or `.any` where it
 * tests them missing: there they throw on every call. The finding stays: that path is unbounded. Where the client has
 * an option of its own that needs none (`own`), that is the fix instead.
 */
export function withoutMissingApi(f: Finding, node: ts.Node, file: FileCtx, own?: () => OwnBound | undefined): Finding {
  const throwing = (text: string) => callsMissing(text, node, file);
  if (!(f.fix && throwing(f.fix.text)) && !f.suggestions?.some((s) => throwing(s.fix.text))) return f;
  const { fix, suggestions, ...rest } = f;
  const abortless = underMissingApi(node, 'abort', file);
  const without = `this path runs without ${abortless ? 'AbortController or AbortSignal' : 'AbortSignal.timeout'}`;
  const bound = own?.();
  if (bound && (bound.extra.fix || bound.extra.suggestions)) {
    return { ...rest, data: { ...f.data, option: `${bound.option} (${bound.note ? `${bound.note}; ` : ''}${without})` }, ...bound.extra };
  }
  const kept = (suggestions ?? []).filter((s) => !throwing(s.fix.text));
  // The remedy the message names would throw too: a controller a timer aborts works where AbortController is there.
  const remedy = abortless ? 'a bound that needs no abort API' : 'signal: a controller\'s signal that a setTimeout aborts';
  const option = f.data.option?.startsWith('signal: AbortSignal.') ? `${remedy} (${without})` : f.data.option;
  return { ...rest, data: { ...f.data, ...(option ? { option } : {}) }, ...(fix && !throwing(fix.text) ? { fix } : {}), ...(kept.length ? { suggestions: kept } : {}) };
}

/**
 * A React Native app: the file imports or requires `react-native`, or the package it belongs to lists it (or has it installed).
 * React Native's AbortSignal (the `abort-controller` package it installs in Libraries/Core/setUpXHR.js) has neither
 * `timeout` nor `any`: facebook/react-native#42042 (0.73) and #55247 (0.83), both open.
 */
export function reactNative(file: FileCtx): boolean {
  const key = 'reactNative';
  if (!file.cache.has(key)) {
    const named = (e: ts.Node | undefined): boolean => !!e && ts.isStringLiteralLike(e) && e.text === 'react-native';
    // `import … from`, `export … from`, `require(…)` (CommonJS, and what TypeScript and Babel compile an import to).
    const imported = file.sf.statements.some((st) => (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && named(st.moduleSpecifier)) ||
      file.callNodes.some((c) => ts.isCallExpression(c) && isGlobal(c.expression, 'require', file) && named(c.arguments[0]));
    file.cache.set(key, imported || packageMajors(file.path, 'react-native') !== null);
  }
  return file.cache.get(key) as boolean;
}
