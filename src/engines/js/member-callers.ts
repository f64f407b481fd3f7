// The calls of a function a file keeps as a member of its own object or class: `Api._send(…)`, `this.send(…)`.
import { ts } from './typescript';
import { namesIn, type FileCtx } from './file';
import { neverClient } from './one-client';
import { callsByName } from './receivers';
import { unwrap } from './parse';
import type { Binding } from './resolve';
import { thisClass, thisOf, type ThisOwner } from './this-owner';
import { holderExpression, leafAt, wordsAt } from './walk';

/** Where a function is kept: the binding of its object or class, the member's name, and the class if any. */
interface Holder {
  owner: Binding;
  name: string;
  cls?: ThisOwner;
}

/** `Api.m = function …`, `const Api = { m() {} }` or `{ m: (…) => … }`, `class Api { m() {} }` / `static m() {}`. */
function holderOfMember(fn: ts.Node, file: FileCtx): Holder | undefined {
  const named = (n: ts.PropertyName | ts.Expression | undefined) => (n && (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) ? n.text : undefined);
  const ownerOf = (id: ts.Node | undefined) => (id && ts.isIdentifier(id) ? file.resolver.resolve(id) : undefined);
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent) && fn.parent.name) {
    const owner = ownerOf(fn.parent.name);
    const name = named(fn.name);
    return owner && name ? { owner, name, cls: fn.parent } : undefined;
  }
  const at = ts.isMethodDeclaration(fn) ? fn : holderExpression(fn);
  if (ts.isBinaryExpression(at) && at.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(at.left)) {
    // `Api.prototype.send = function …`: called as `this.send(…)` in the constructor and the prototype's methods.
    const proto = unwrap(at.left.expression);
    const cls = ts.isFunctionExpression(fn) && ts.isPropertyAccessExpression(proto) && proto.name.text === 'prototype' ? thisClass(fn.body, file) : undefined;
    if (cls && ts.isPropertyAccessExpression(proto)) {
      const owner = ownerOf(unwrap(proto.expression));
      return owner ? { owner, name: at.left.name.text, cls } : undefined;
    }
    const owner = ownerOf(unwrap(at.left.expression));
    return owner?.kind === 'var' && !owner.path.length ? { owner, name: at.left.name.text } : undefined;
  }
  if (!(ts.isPropertyAssignment(at) || ts.isMethodDeclaration(at)) || !ts.isObjectLiteralExpression(at.parent)) return undefined;
  const decl = holderExpression(at.parent);
  const owner = ts.isVariableDeclaration(decl) && decl.initializer && unwrap(decl.initializer) === at.parent ? ownerOf(decl.name) : undefined;
  const name = named(at.name);
  return owner?.kind === 'var' && owner.constant && !owner.path.length && name ? { owner, name } : undefined;
}

/** How often `name` is written in the file outside comments: as a name, or inside a string (`obj['_send']`). */
function useCount(sf: ts.SourceFile, name: string): number {
  return wordsAt(sf.text, name).filter((i) => leafAt(sf, i)).length;
}

function isStatic(fn: ts.Node): boolean {
  return ts.isMethodDeclaration(fn) && !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

/** Private by the language (`#send`, `private send`) or by the `_` convention: other modules do not call it. */
function isPrivate(fn: ts.Node, name: string): boolean {
  if (name.startsWith('_') || name.startsWith('#')) return true;
  return ts.canHaveModifiers(fn) && !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
}

/**
 * Whether the object or class stays in the file: not exported by its declaration, and its name used only to read
 * its members (`Api.get(…)`), or, for a static member, to make instances too: no other code holds it by another name.
 */
function staysInFile(owner: Binding, statics: boolean, file: FileCtx): boolean {
  let d: ts.Node = owner.name.parent;
  if (ts.isVariableDeclaration(d)) d = d.parent.parent;
  if (ts.canHaveModifiers(d) && ts.getModifiers(d)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  return namesIn(file, file.sf, owner.name.text).every((n) => {
    if (n === owner.name || file.resolver.resolve(n) !== owner) return true;
    if (ts.isNewExpression(n.parent) && n.parent.expression === n) return statics;
    return ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n;
  });
}

/**
 * The calls of a function kept as a member of an object or class of this file, when every use of that member name
 * in the file calls it on that object or class (`Api._send(…)`, `this._send(…)` in the class's own methods), and,
 * unless the member is private, the object or class stays in the file (staysInFile). Undefined when any use
 * may be another object's member, or other modules may call it.
 */
export function memberCallers(fn: ts.Node, file: FileCtx, index: number): ts.CallExpression[] | undefined {
  let known = file.cache.get('memberCallers') as Map<ts.Node, Map<number, ts.CallExpression[] | undefined>> | undefined;
  if (!known) file.cache.set('memberCallers', (known = new Map()));
  let byIndex = known.get(fn);
  if (!byIndex) known.set(fn, (byIndex = new Map()));
  if (!byIndex.has(index)) byIndex.set(index, callersOf(fn, file, index));
  return byIndex.get(index);
}

/** `memberCallers`; a call that passes nothing at `index`, or what no client can be, ends it before the file-wide checks. */
function callersOf(fn: ts.Node, file: FileCtx, index: number): ts.CallExpression[] | undefined {
  const h = holderOfMember(fn, file);
  if (!h) return undefined;
  const calls: ts.CallExpression[] = [];
  for (const call of callsByName(file).member.get(h.name) ?? []) {
    const a = unwrap(call.expression) as ts.PropertyAccessExpression;
    const recv = unwrap(a.expression);
    // `this._send(…)`, or `self._send(…)` with `var self = this` (thisOf).
    const self = h.cls ? thisOf(recv, file) : undefined;
    const own = self ? thisClass(self, file) === h.cls : ts.isIdentifier(recv) && file.resolver.resolve(recv) === h.owner;
    const arg = call.arguments[index];
    if (!own || !arg || neverClient(arg)) return undefined;
    calls.push(call);
  }
  // No call in the file tells what it is given; the checks of the whole file come last.
  if (!calls.length || (!isPrivate(fn, h.name) && !staysInFile(h.owner, isStatic(fn), file))) return undefined;
  // Any other use of the name (read, handed on, written, or another object's member) may call it otherwise.
  return useCount(file.sf, h.name) === calls.length + 1 ? calls : undefined;
}
