import { ts } from '../typescript';
import type { Fix } from '../../../model/finding';
import type { Layer } from '../evaluate';
import { namesIn, type FileCtx } from '../file';
import { abortCallState } from '../controller';
import { afterTrailingComments } from '../fix';
import { unwrap } from '../parse';
import { ownerBodies, thisClass } from '../this-owner';
import type { Prop, Val } from '../values';
import { walk } from '../walk';

type Call = ts.CallExpression | ts.NewExpression;

/** Where `new XMLHttpRequest()` is stored: a declared name, or an assignment target such as `this.xhr`. */
interface Handle {
  text: string;
  statement: ts.Statement;
  id?: ts.Identifier;
}

function handleOf(at: Call, file: FileCtx): Handle | undefined {
  let n: ts.Node = at;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name) && ts.isVariableStatement(p.parent.parent)) {
    return { text: p.name.text, statement: p.parent.parent, id: p.name };
  }
  if (p && ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(p.parent)) {
    return { text: p.left.getText(file.sf), statement: p.parent };
  }
  return undefined;
}

/** `x.open(method, url, false)`: a synchronous request, which may not take a timeout (xhr.spec.whatwg.org). */
function isSyncOpen(access: ts.PropertyAccessExpression): boolean {
  const c = access.parent;
  if (access.name.text !== 'open' || !ts.isCallExpression(c) || c.expression !== access) return false;
  const async = c.arguments[2];
  return async !== undefined && unwrap(async).kind === ts.SyntaxKind.FalseKeyword;
}

/** Every `.member` use of the handle; null when it escapes (passed or returned), so others may set its timeout. */
function usesOf(h: Handle, file: FileCtx): ts.PropertyAccessExpression[] | null {
  const out: ts.PropertyAccessExpression[] = [];
  let escaped = false;
  if (h.id) {
    const b = file.resolver.resolve(h.id);
    const scope = b && b.kind === 'var' ? b.scope : file.sf;
    for (const n of namesIn(file, scope, h.text)) {
      if (n === h.id || file.resolver.resolve(n) !== b) continue;
      if (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) out.push(n.parent);
      else escaped = true;
    }
    return escaped ? null : out;
  }
  // `this.xhr`: the same property of the same class only (another class's `this.xhr` is another object).
  const cls = h.text.startsWith('this.') ? thisClass(h.statement, file) : undefined;
  for (const body of cls ? ownerBodies(cls, file) : [file.sf]) {
    walk(body, (n) => {
      if (ts.isPropertyAccessExpression(n) && n.expression.getText(file.sf) === h.text && (!cls || thisClass(n, file) === cls)) out.push(n);
      return true;
    });
  }
  return out;
}

/** Where the handle's uses are looked for: its binding's scope, or the class of a `this.xhr`. */
function usesScope(h: Handle, file: FileCtx): ts.Node {
  const b = h.id ? file.resolver.resolve(h.id) : undefined;
  if (b && b.kind === 'var') return b.scope;
  const cls = h.text.startsWith('this.') ? thisClass(h.statement, file) : undefined;
  // A constructor function's methods sit outside it: the file holds them all.
  return cls && ts.isClassLike(cls) ? cls : file.sf;
}

const OPEN: Val = { kind: 'object', props: new Map(), open: true };

/**
 * `xhr.timeout = ms` on the request object (XHR standard: a total in ms, 0 = none, http-clients.md). A handle
 * the analysis cannot follow, or a synchronous one, counts as set (contract: what it cannot see into).
 */
export function xhrLayers(at: Call, file: FileCtx, kind: Layer['kind']): Layer[] {
  const h = handleOf(at, file);
  const uses = h ? usesOf(h, file) : null;
  if (!uses || uses.some(isSyncOpen)) return [{ value: OPEN, kind, at, file }];
  const scope = usesScope(h!, file);
  // XHR standard: abort() ends the request at any phase; run by a timer or a caller's signal, it bounds it.
  if (uses.some((u) => u.name.text === 'abort' && abortCallState(u, scope, file) !== null)) return [{ value: OPEN, kind, at, file }];
  const props = new Map<string, Prop>();
  for (const u of uses) {
    const w = u.parent;
    if (u.name.text === 'timeout' && ts.isBinaryExpression(w) && w.left === u && w.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      props.set('timeout', { expr: w.right, node: w, file });
    }
  }
  return props.size ? [{ value: { kind: 'object', props, open: false }, kind, at, file }] : [];
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `xhr.timeout = ms;` on a line of its own after the statement that creates the request, in the file's style. */
export function xhrFix(at: Call, file: FileCtx, template: string): Fix | undefined {
  const h = handleOf(at, file);
  if (!h) return undefined;
  const { sf } = file;
  const start = h.statement.getStart(sf);
  const lineStart = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(start).line]!;
  const indent = /^[ \t]*/.exec(sf.text.slice(lineStart, start))![0];
  const semi = sf.text[h.statement.end - 1] === ';';
  const statement = template.replace(/\{\{handle\}\}/g, h.text).replace(/;$/, semi ? ';' : '');
  // A comment at the end of the statement's line stays there (`// eslint-disable-line …` speaks of that line).
  const end = afterTrailingComments(sf, h.statement.end);
  return { range: [end, end], text: eolOf(sf.text) + indent + statement };
}
