// The function of this file a call runs, when its callee names one the analysis can read: a `const` holding an
// arrow, a method of a `const` object literal, or a method of the class `this` is an instance of.
import { ts } from './typescript';
import { type FileCtx, functionNamed, isConstant } from './file';
import { staticName, unwrap } from './parse';
import { type ThisOwner, ownerBodies, prototypeMethodName, thisClass, thisOf } from './this-owner';

type Fn = ts.FunctionLikeDeclaration;

/** A function whose body gives what it returns: not a generator, and with a body. */
function plain(f: ts.Node | undefined): Fn | undefined {
  if (!f || !(ts.isFunctionDeclaration(f) || ts.isFunctionExpression(f) || ts.isArrowFunction(f) || ts.isMethodDeclaration(f))) return undefined;
  return f.body && !f.asteriskToken ? f : undefined;
}

/** Whether the file writes `<x>.name = …` where `same(x)`: the method may be replaced. */
function written(name: string, same: (x: ts.Expression) => boolean, file: FileCtx): boolean {
  let byName = file.cache.get('writesByName') as Map<string, ts.PropertyAccessExpression[]> | undefined;
  if (!byName) {
    byName = new Map();
    for (const w of file.writes) {
      if (!ts.isPropertyAccessExpression(w.left)) continue;
      const list = byName.get(w.left.name.text);
      if (list) list.push(w.left);
      else byName.set(w.left.name.text, [w.left]);
    }
    file.cache.set('writesByName', byName);
  }
  return (byName.get(name) ?? []).some((left) => same(left.expression));
}

/** `{ make() {…} }`, `{ make: () => … }`: the function a literal holds under `name`, when it holds it once. */
function literalMethod(o: ts.ObjectLiteralExpression, name: string): Fn | undefined {
  if (o.properties.some(ts.isSpreadAssignment)) return undefined;
  const props = o.properties.filter((p) => p.name && staticName(p.name) === name);
  const p = props.length === 1 ? props[0]! : undefined;
  if (p && ts.isMethodDeclaration(p)) return plain(p);
  return p && ts.isPropertyAssignment(p) ? plain(unwrap(p.initializer)) : undefined;
}

/** The names each class of the file declares again over its base, by the base's name: built once per file. */
function overrides(file: FileCtx): Map<string, Set<string>> {
  let found = file.cache.get('overrides') as Map<string, Set<string>> | undefined;
  if (found) return found;
  found = new Map();
  const visit = (n: ts.Node): void => {
    const base = ts.isClassLike(n) ? n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression : undefined;
    const name = base && unwrap(base);
    if (ts.isClassLike(n) && name && ts.isIdentifier(name)) {
      const names = found!.get(name.text) ?? new Set<string>();
      for (const m of n.members) if (m.name && staticName(m.name) !== undefined) names.add(staticName(m.name)!);
      found!.set(name.text, names);
    }
    ts.forEachChild(n, visit);
  };
  visit(file.sf);
  file.cache.set('overrides', found);
  return found;
}

/** Whether a class of the file extends `owner` (by its name) and declares `name` again. */
function overridden(owner: ts.ClassLikeDeclaration, name: string, file: FileCtx): boolean {
  const own = owner.name?.text;
  return !!own && !!overrides(file).get(own)?.has(name);
}

/** `this.name` in a method of `owner`: its own (not static) method, or an ES5 constructor's prototype method. */
function ownerMethod(owner: ThisOwner, name: string, file: FileCtx): Fn | undefined {
  if (ts.isClassLike(owner)) {
    const static_ = (m: ts.ClassElement) => ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    const members = owner.members.filter((m) => m.name && staticName(m.name) === name && !static_(m));
    const m = members.length === 1 ? members[0]! : undefined;
    if (!m || overridden(owner, name, file)) return undefined;
    if (ts.isMethodDeclaration(m)) return plain(m);
    return ts.isPropertyDeclaration(m) && m.initializer ? plain(unwrap(m.initializer)) : undefined;
  }
  const fns = ownerBodies(owner, file).slice(1).filter((f) => prototypeMethodName(f, file) === name);
  return fns.length === 1 ? plain(fns[0]) : undefined;
}

/**
 * The same-file function `callee` names: a `const` holding a function, `obj.make` of a `const obj = { make() {…} }`,
 * or `this.opts` (or `self.opts`) in a class's method. Undefined where the file writes that member again, or
 * (for `this`) a class of the file overrides it: the analysis cannot tell which one runs.
 */
export function localFunction(callee: ts.Expression, file: FileCtx): Fn | undefined {
  const c = unwrap(callee);
  if (ts.isIdentifier(c)) {
    const f = functionNamed(c, file);
    return f && !ts.isFunctionDeclaration(f) ? plain(f) : undefined;
  }
  if (!ts.isPropertyAccessExpression(c)) return undefined;
  const name = c.name.text;
  const self = thisOf(c.expression, file);
  if (self) {
    const owner = thisClass(self, file);
    const sameOwner = (x: ts.Expression) => { const t = thisOf(x, file); return !!t && thisClass(t, file) === owner; };
    if (!owner || written(name, sameOwner, file)) return undefined;
    return ownerMethod(owner, name, file);
  }
  const holder = unwrap(c.expression);
  const b = ts.isIdentifier(holder) ? file.resolver.resolve(holder) : undefined;
  const init = b?.kind === 'var' && !b.path.length && isConstant(b, file) && b.init ? unwrap(b.init) : undefined;
  if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
  const same = (x: ts.Expression) => ts.isIdentifier(unwrap(x)) && file.resolver.resolve(unwrap(x) as ts.Identifier) === b;
  return written(name, same, file) ? undefined : literalMethod(init, name);
}
