// Where a fix's `signal` meets one the caller may already pass: in a spread of their options, or in a Request.
import { ts } from './typescript';
import type { Entry, SpreadHolds } from './fix';
import { isGlobal, type FileCtx } from './file';
import { objectFallback, staticName, unwrap } from './parse';

/** The fix's own `signal` entry, alone: only then is the signal written apart from other keys. */
export function signalEntry(entries: readonly Entry[]): Entry | undefined {
  return entries.length === 1 && entries[0]!.path.length === 1 && entries[0]!.path[0] === 'signal' ? entries[0] : undefined;
}

/** The `signal` property an object literal writes (not one a spread may bring). */
export function signalProperty(lit: ts.ObjectLiteralExpression): ts.ObjectLiteralElementLike | undefined {
  return lit.properties.find((p) => !ts.isSpreadAssignment(p) && p.name && staticName(p.name) === 'signal');
}

/** A name or a chain of property reads (`this.options.init`): read again, it gives the same value, and runs nothing. */
export function readAgain(e: ts.Expression): boolean {
  let x = e;
  for (;;) {
    while (ts.isParenthesizedExpression(x)) x = x.expression;
    if (ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (!ts.isPropertyAccessExpression(x)) return false;
    x = x.expression;
  }
}

/**
 * `X.signal ? AbortSignal.any([X.signal, T]) : T`: the caller's signal kept beside the timeout T, which alone holds
 * when X has none. `otherwise`: what holds then instead (the signal of the Request passed with X, which X's replaces).
 */
export function combinedWith(x: string, optional: boolean, value: string, otherwise = value): string {
  return `${x}${optional ? '?.' : '.'}signal ? AbortSignal.any([${x}.signal, ${value}]) : ${otherwise}`;
}

export function isTypeScript(file: FileCtx): boolean {
  const kind = (file.sf as unknown as { scriptKind?: ts.ScriptKind }).scriptKind;
  return kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX;
}

function nullishType(t: ts.TypeNode): boolean {
  if (t.kind === ts.SyntaxKind.UndefinedKeyword || t.kind === ts.SyntaxKind.NullKeyword || t.kind === ts.SyntaxKind.VoidKeyword) return true;
  return ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
}

/** The interface or type alias of this name declared at the top of the file. */
function localType(name: string, file: FileCtx): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
  return file.sf.statements.find((s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration =>
    (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name);
}

/**
 * Whether a value of a written type may hold `key` (`signal`), so that TypeScript lets the fix read it: a type
 * declared elsewhere (`RequestInit`, an import) is trusted; one of the file's is read (`{ headers?: … }` has none).
 */
function typeAllowsKey(t: ts.TypeNode, key: string, file: FileCtx, depth = 0): boolean {
  if (depth > 8) return true;
  if (ts.isParenthesizedTypeNode(t)) return typeAllowsKey(t.type, key, file, depth + 1);
  if (ts.isUnionTypeNode(t)) {
    const parts = t.types.filter((p) => !nullishType(p));
    return parts.length > 0 && parts.every((p) => typeAllowsKey(p, key, file, depth + 1));
  }
  if (ts.isIntersectionTypeNode(t)) return t.types.some((p) => typeAllowsKey(p, key, file, depth + 1));
  if (ts.isTypeLiteralNode(t)) return members(t.members, key);
  if (ts.isTypeReferenceNode(t)) return referenceAllowsKey(t, t.typeName, t.typeArguments, key, file, depth);
  return t.kind === ts.SyntaxKind.AnyKeyword;
}

/** The string literals a key type names (`'signal' | 'body'`); null where it is not only those. */
function literalKeys(t: ts.TypeNode | undefined): string[] | null {
  if (!t) return null;
  const parts = ts.isUnionTypeNode(t) ? t.types : [t];
  const keys: string[] = [];
  for (const p of parts) {
    if (!ts.isLiteralTypeNode(p) || !ts.isStringLiteral(p.literal)) return null;
    keys.push(p.literal.text);
  }
  return keys;
}

/** A type parameter of a declaration around `at` named `name` (`<T extends {…}>`). */
function typeParameter(at: ts.Node, name: string): ts.TypeParameterDeclaration | undefined {
  for (let n: ts.Node | undefined = at; n; n = n.parent) {
    const found = (n as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters?.find((p) => p.name.text === name);
    if (found) return found;
  }
  return undefined;
}

/**
 * A named type (or an interface's base): `Omit<X, 'signal'>` has no signal, `Pick<X, K>` only if K names it, `Partial<X>`
 * and the like as X; a type parameter as its constraint (none: no member is known); one of the file's as declared;
 * any other (`RequestInit`, an import) is trusted.
 */
function referenceAllowsKey(
  at: ts.Node, name: ts.EntityName | ts.Expression, args: readonly ts.TypeNode[] | undefined, key: string, file: FileCtx, depth: number,
): boolean {
  if (depth > 8 || !ts.isIdentifier(name)) return true;
  const [first, second] = args ?? [];
  switch (name.text) {
    case 'Omit': {
      const keys = literalKeys(second);
      return !(keys ?? []).includes(key) && (!first || typeAllowsKey(first, key, file, depth + 1));
    }
    case 'Pick': {
      const keys = literalKeys(second);
      return keys === null || keys.includes(key);
    }
    case 'Partial':
    case 'Required':
    case 'Readonly':
      return !first || typeAllowsKey(first, key, file, depth + 1);
  }
  const param = typeParameter(at, name.text);
  if (param) return !!param.constraint && typeAllowsKey(param.constraint, key, file, depth + 1);
  const decl = localType(name.text, file);
  if (!decl) return true;
  if (ts.isTypeAliasDeclaration(decl)) return typeAllowsKey(decl.type, key, file, depth + 1);
  const bases = (decl.heritageClauses ?? []).flatMap((h) => h.types);
  return members(decl.members, key) || bases.some((b) => referenceAllowsKey(b, b.expression, b.typeArguments, key, file, depth + 1));
}

function members(list: ts.NodeArray<ts.TypeElement>, key: string): boolean {
  return list.some((m) => ts.isIndexSignatureDeclaration(m) || (m.name && staticName(m.name) === key));
}

function mayBeNullish(t: ts.TypeNode): boolean {
  const x = ts.isParenthesizedTypeNode(t) ? t.type : t;
  return ts.isUnionTypeNode(x) ? x.types.some(nullishType) : nullishType(x) || x.kind === ts.SyntaxKind.AnyKeyword || x.kind === ts.SyntaxKind.UnknownKeyword;
}

/** Whether an object literal names `key` or spreads something that may. */
function literalMayHold(lit: ts.ObjectLiteralExpression, key: string): boolean {
  return lit.properties.some((p) => ts.isSpreadAssignment(p) || (p.name && staticName(p.name) === key));
}

/**
 * How the fix may read `X.signal` (`X[key]`) of a spread or an options value X: `'no'` where X's type has no such
 * key (the caller cannot pass one), `'unknown'` where TypeScript's type of X cannot be told from the file, else how
 * to read it (`?.` where X may be undefined or null: an optional parameter, a property read).
 */
export function signalRead(expr: ts.Expression, file: FileCtx, key = 'signal'): 'no' | 'unknown' | { text: string; optional: boolean } {
  // `...(opts || {})`: `opts` read where it may be left out, when the object in its place has no such key.
  const or = objectFallback(expr);
  if (or) {
    const read = literalMayHold(or.fallback, key) ? 'unknown' : signalRead(or.given, file, key);
    return typeof read === 'object' ? { ...read, optional: true } : read;
  }
  if (!readAgain(expr)) return 'unknown';
  let x = expr;
  while (ts.isParenthesizedExpression(x)) x = x.expression;
  const text = x.getText(file.sf);
  const typed = isTypeScript(file);
  const b = ts.isIdentifier(x) ? file.resolver.resolve(x) : null;
  if (b?.kind === 'param' && !b.path.length && !b.param.dotDotDotToken) {
    const { type, initializer, questionToken } = b.param;
    if (type && typed && !typeAllowsKey(type, key, file)) return 'no';
    if (!type && typed && initializer && !(ts.isObjectLiteralExpression(unwrap(initializer)) && literalMayHold(unwrap(initializer) as ts.ObjectLiteralExpression, key))) return 'no';
    const optional = !initializer && (!typed || !!questionToken || !type || mayBeNullish(type));
    return { text, optional };
  }
  if (b?.kind === 'var' && !b.path.length && ts.isVariableDeclaration(b.name.parent)) {
    const { type } = b.name.parent;
    const init = b.init && unwrap(b.init);
    if (typed && type && !typeAllowsKey(type, key, file)) return 'no';
    const literal = init && ts.isObjectLiteralExpression(init) && !file.assigned.has(b.name.text);
    if (typed && !type && !literal) return 'unknown';
    if (typed && !type && literal && !literalMayHold(init as ts.ObjectLiteralExpression, key)) return 'unknown';
    return { text, optional: !literal && !(type && !mayBeNullish(type)) };
  }
  return typed ? 'unknown' : { text, optional: true };
}

/**
 * A value a parameter hands on (`o.init`, `flag ? init : other`, `init || {}`): the caller's, whatever its default.
 * A parameter used to build another value (`token ? { headers } : {}`) is not.
 */
function fromParameter(e: ts.Expression, file: FileCtx, depth = 0): boolean {
  const x = unwrap(e);
  if (depth > 8) return false;
  if (ts.isIdentifier(x)) return file.resolver.resolve(x)?.kind === 'param';
  if (ts.isPropertyAccessExpression(x)) return fromParameter(x.expression, file, depth + 1);
  if (ts.isConditionalExpression(x)) return fromParameter(x.whenTrue, file, depth + 1) || fromParameter(x.whenFalse, file, depth + 1);
  if (ts.isBinaryExpression(x)) {
    const op = x.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return fromParameter(x.right, file, depth + 1);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return fromParameter(x.left, file, depth + 1) || fromParameter(x.right, file, depth + 1);
  }
  return false;
}

export type Carrier = 'unsafe' | { text: string; optional: boolean };

/**
 * The one spread of a literal whose `signal` the new one meets: one that may hold it (a caller's options, an
 * object a `x.signal = …` writes), after any whose signal the analysis read. `'unsafe'` when there are more, or
 * the one cannot be read again (a call, a condition) or has a type the file does not tell: there a key written
 * after it would overwrite the caller's signal.
 */
export function signalCarrier(lit: ts.ObjectLiteralExpression, holds: SpreadHolds, file: FileCtx): Carrier | undefined {
  if (signalProperty(lit)) return undefined;
  const spreads = lit.properties.filter(ts.isSpreadAssignment);
  // `opts.signal = …` under an if: the value read may not know the key, which the spread still brings when written.
  const written = (e: ts.Expression) => readAgain(e) && file.writes.some((w) =>
    ts.isPropertyAccessExpression(w.left) && w.left.name.text === 'signal' && w.left.expression.getText(file.sf) === unwrap(e).getText(file.sf));
  // A spread of an object the analysis reads, whose signal it judged (one made once and shared), is replaced as before.
  const states = spreads.map((p) => {
    const held = holds(p.expression, 'signal');
    return held === 'yes' ? 'known' : written(p.expression) || held === 'maybe' || fromParameter(p.expression, file) ? 'carrier' : 'no';
  });
  const pinned = states.lastIndexOf('known');
  const carriers = spreads.filter((_, i) => i > pinned && states[i] === 'carrier').map((p) => ({ p, read: signalRead(p.expression, file) }));
  const live = carriers.filter((c) => c.read !== 'no');
  if (!live.length) return undefined;
  if (live.length > 1 || live[0]!.read === 'unknown') return 'unsafe';
  return live[0]!.read as { text: string; optional: boolean };
}

/** `new Request(url)` of a string or URL, or with an init of its own that names no signal: it carries none worth keeping. */
function signalless(made: ts.NewExpression, file: FileCtx): boolean {
  const [input, init] = made.arguments ?? [];
  if (!input) return true;
  const i = unwrap(input);
  let stringy = ts.isStringLiteralLike(i) || ts.isTemplateExpression(i);
  const b = ts.isIdentifier(i) ? file.resolver.resolve(i) : null;
  const type = b?.kind === 'param' && !b.path.length ? b.param.type : b?.kind === 'var' && !b.path.length && ts.isVariableDeclaration(b.name.parent) ? b.name.parent.type : undefined;
  if (type && (type.kind === ts.SyntaxKind.StringKeyword || (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'URL'))) stringy = true;
  if (!stringy) return false;
  const o = init && unwrap(init);
  return !o || (ts.isObjectLiteralExpression(o) && !literalMayHold(o, 'signal'));
}

const REQUEST_NAMES = /^(input|request|req|resource)$/i;

/**
 * A Request held by a name (`const req = new Request(url, init)`, `let req: Request`) whose own signal (the
 * caller's cancel) a signal in the call's options would replace: `'certain'` when the name holds that Request
 * only, `'maybe'` when it is written again (an interceptor may hand back anything).
 */
export function heldRequest(input: ts.Expression, file: FileCtx): 'certain' | 'maybe' | undefined {
  const x = unwrap(input);
  // `event.request` of an event the rule cannot type (a listener on another object): most likely a Request. In
  // TypeScript only off a parameter untyped or `any`: a typed one's `request` may be a string, with no `signal` to read.
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'request' && ts.isIdentifier(unwrap(x.expression))) {
    const owner = file.resolver.resolve(unwrap(x.expression) as ts.Identifier);
    const untyped = owner?.kind === 'param' && !owner.path.length && (!owner.param.type || owner.param.type.kind === ts.SyntaxKind.AnyKeyword);
    return !isTypeScript(file) || untyped ? 'maybe' : undefined;
  }
  if (!ts.isIdentifier(x)) return undefined;
  const b = file.resolver.resolve(x);
  // `function fetchWith(input, init)`: an untyped input named for a Request may be one (or a string, whose
  // `signal` is undefined).
  if (b?.kind === 'param' && !b.path.length && !b.param.type && !b.param.initializer && REQUEST_NAMES.test(b.name.text)) return 'maybe';
  if (b?.kind !== 'var' || b.path.length || !ts.isVariableDeclaration(b.name.parent)) return undefined;
  const again = !b.constant && file.assigned.has(b.name.text);
  const type = b.name.parent.type;
  const init = b.init && unwrap(b.init);
  const made = init && ts.isNewExpression(init) && isGlobal(init.expression, 'Request', file) ? init : undefined;
  const typedRequest = !!type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Request';
  if (made && !again && signalless(made, file)) return undefined;
  // In TypeScript a name a `new Request` starts holds a Request whatever is written to it later.
  if (made || typedRequest) return again && !typedRequest && !isTypeScript(file) ? 'maybe' : 'certain';
  return undefined;
}
