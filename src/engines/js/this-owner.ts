// What `this` is in a method: an ES2015 class, or a constructor function and the methods its prototype gets (an
// ES5 class, and what TypeScript and Babel emit for a class below ES2015).
import { ts } from './typescript';
import { type FileCtx, reassigned } from './file';
import { staticName, unwrap } from './parse';
import { holderExpression } from './walk';

type Ctor = ts.FunctionDeclaration | ts.FunctionExpression;

/** The object `this` is an instance of: a class, or a constructor function. */
export type ThisOwner = ts.ClassLikeDeclaration | Ctor;

/** A file's constructor functions, each with its prototype methods, and each method's constructor. */
interface Es5Classes {
  methods: Map<Ctor, ts.FunctionLikeDeclaration[]>;
  ctorOf: Map<ts.Node, Ctor>;
}

/** `Api` in `Api.prototype…`: a function declaration, or a `var` initialized with a function expression. */
function ctorNamed(e: ts.Expression, file: FileCtx): Ctor | undefined {
  const id = unwrap(e);
  const b = ts.isIdentifier(id) ? file.resolver.resolve(id) : undefined;
  if (b?.kind === 'function') return b.decl;
  const init = b?.kind === 'var' && !b.path.length && b.init ? unwrap(b.init) : undefined;
  return init && ts.isFunctionExpression(init) ? init : undefined;
}

/** The functions an object literal of methods holds: `{ get: function () {…}, post() {…} }`. */
function methodsIn(o: ts.ObjectLiteralExpression): ts.FunctionLikeDeclaration[] {
  const out: ts.FunctionLikeDeclaration[] = [];
  for (const p of o.properties) {
    if (ts.isMethodDeclaration(p)) out.push(p);
    else if (ts.isPropertyAssignment(p) && ts.isFunctionExpression(unwrap(p.initializer))) out.push(unwrap(p.initializer) as ts.FunctionExpression);
  }
  return out;
}

const MIXIN = /^(assign|extend|mixin|merge)$/;

// Babel (`_createClass`), swc (`_create_class`) and older helpers: `(Ctor, [{ key: 'get', value: function get() {…} }])`.
const CREATE_CLASS = /^_*create_?class$/i;

/**
 * `Api.prototype.get = function () {…}`, `Api.prototype = { get: function () {…} }`, methods copied onto the
 * prototype (`Object.assign(Api.prototype, { get() {…} })`), and Babel's
 * `_createClass(Api, [{ key: 'get', value: function get() {…} }])`: once per file.
 */
function es5Classes(file: FileCtx): Es5Classes {
  const known = file.cache.get('es5Classes') as Es5Classes | undefined;
  if (known) return known;
  const found: Es5Classes = { methods: new Map(), ctorOf: new Map() };
  file.cache.set('es5Classes', found);
  const text = file.sf.text;
  if (!text.includes('prototype') && !/create_?class/i.test(text)) return found;
  const add = (ctor: Ctor | undefined, fns: ts.FunctionLikeDeclaration[]): void => {
    if (!ctor || !fns.length) return;
    const list = found.methods.get(ctor);
    if (list) list.push(...fns);
    else found.methods.set(ctor, [...fns]);
    for (const f of fns) found.ctorOf.set(f, ctor);
  };
  for (const w of file.writes) {
    const left = w.left;
    if (w.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
    const right = unwrap(w.right);
    const proto = left.expression;
    if (ts.isPropertyAccessExpression(proto) && proto.name.text === 'prototype' && ts.isFunctionExpression(right)) add(ctorNamed(proto.expression, file), [right]);
    else if (left.name.text === 'prototype' && ts.isObjectLiteralExpression(right)) add(ctorNamed(left.expression, file), methodsIn(right));
  }
  for (const c of file.callNodes) {
    const callee = unwrap(c.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    const [ctor, list] = c.arguments ?? [];
    // `Object.assign(Api.prototype, { get() {…} })`, `_.extend(Api.prototype, …)`, a file's own `mixin(…)`.
    const proto = ctor && unwrap(ctor);
    if (MIXIN.test(name) && proto && ts.isPropertyAccessExpression(proto) && proto.name.text === 'prototype') {
      const ctorFn = ctorNamed(proto.expression, file);
      for (const o of (c.arguments ?? []).slice(1)) if (ts.isObjectLiteralExpression(unwrap(o))) add(ctorFn, methodsIn(unwrap(o) as ts.ObjectLiteralExpression));
      continue;
    }
    if (!CREATE_CLASS.test(name) || !ctor || !list || !ts.isArrayLiteralExpression(list)) continue;
    const fns = list.elements.flatMap((d) => {
      const v = ts.isObjectLiteralExpression(d) ? d.properties.find((p) => p.name && staticName(p.name) === 'value') : undefined;
      const f = v && ts.isPropertyAssignment(v) ? unwrap(v.initializer) : undefined;
      return f && ts.isFunctionExpression(f) ? [f] : [];
    });
    add(ctorNamed(ctor, file), fns);
  }
  return found;
}

/** What `this` means at `node`: arrow functions keep the outer `this`, other functions have their own. */
export function thisClass(node: ts.Node, file: FileCtx): ThisOwner | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) {
      const es5 = es5Classes(file);
      return es5.methods.has(n) ? n : es5.ctorOf.get(n);
    }
    // A method of an object literal runs with `this` that object, unless it is a prototype's.
    if (ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent)) return es5Classes(file).ctorOf.get(n);
  }
  return undefined;
}

/** The code that runs with `this` an instance of `owner`: a class, or a constructor function and its methods. */
export function ownerBodies(owner: ThisOwner, file: FileCtx): readonly ts.Node[] {
  return ts.isClassLike(owner) ? [owner] : [owner, ...(es5Classes(file).methods.get(owner) ?? [])];
}

/** The name of a prototype method (`get` in `Api.prototype.get = function …`), to find its `this.get(…)` calls. */
export function prototypeMethodName(fn: ts.Node, file: FileCtx): string | undefined {
  if (!es5Classes(file).ctorOf.has(fn)) return undefined;
  const p = holderExpression(fn);
  if (ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  if (ts.isMethodDeclaration(p)) return staticName(p.name);
  if (!ts.isPropertyAssignment(p)) return undefined;
  // `_createClass(Api, [{ key: 'get', value: function () {…} }])`: the method is named by its `key`.
  const key = staticName(p.name) === 'value' && ts.isObjectLiteralExpression(p.parent) && ts.isArrayLiteralExpression(p.parent.parent)
    ? p.parent.properties.find((q) => q.name && staticName(q.name) === 'key')
    : undefined;
  if (key) return ts.isPropertyAssignment(key) && ts.isStringLiteralLike(key.initializer) ? key.initializer.text : undefined;
  return staticName(p.name);
}

// A cheap first look: the names the text declares with `this` in their initializer (`var self = this`,
// `, _this = _super.call(this) || this`); only these are resolved.
const ALIAS = /(?:\b(?:var|let|const)\s+|,\s*)([\w$]+)\s*=\s*[^;,=]*\bthis\b/g;

function aliasNames(file: FileCtx): Set<string> {
  let names = file.cache.get('thisAliases') as Set<string> | undefined;
  if (!names) {
    names = new Set();
    for (const m of file.sf.text.matchAll(ALIAS)) names.add(m[1]!);
    file.cache.set('thisAliases', names);
  }
  return names;
}

/** Whether any write of the file lands on the binding `name` declares (minified code reuses names in other scopes). */
function reassignedName(name: ts.Identifier, file: FileCtx): boolean {
  const b = file.resolver.resolve(name);
  return !!b && reassigned(b, file);
}

// What compilers write for `this` held across a nested function or a super call: Babel's
// `_possibleConstructorReturn(this, …)` and `_callSuper(this, …)`, swc's `_call_super(this, …)`.
const SUPER_RETURN = /^_*(possibleConstructorReturn|possible_constructor_return|callSuper|call_super)$/;

/**
 * The `this` an expression holds: `this` itself, or a name given it once and never reassigned, as ES5 code and
 * compilers write (`var self = this`, TypeScript's `var _this = this` for an arrow function and
 * `var _this = _super.call(this) || this` in a subclass's constructor, Babel's `_possibleConstructorReturn(this, …)`).
 */
export function thisOf(expr: ts.Expression, file: FileCtx): ts.Expression | undefined {
  const e = unwrap(expr);
  if (e.kind === ts.SyntaxKind.ThisKeyword) return e;
  if (!ts.isIdentifier(e) || !aliasNames(file).has(e.text)) return undefined;
  const b = file.resolver.resolve(e);
  if (b?.kind !== 'var' || b.path.length || !b.init || reassignedName(b.name, file)) return undefined;
  let init = unwrap(b.init);
  if (ts.isBinaryExpression(init) && init.operatorToken.kind === ts.SyntaxKind.BarBarToken) init = unwrap(init.right);
  if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && SUPER_RETURN.test(init.expression.text) && init.arguments[0]) init = unwrap(init.arguments[0]);
  return init.kind === ts.SyntaxKind.ThisKeyword ? init : undefined;
}
