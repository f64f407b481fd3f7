import { ts } from '../typescript';
import type { Fix } from '../../../model/finding';
import type { Layer } from '../evaluate';
import { namesIn, type FileCtx } from '../file';
import { abortCallState } from '../controller';
import { afterTrailingComments } from '../fix';
import { booleanLiteral, unwrap } from '../parse';
import { isUpload } from '../streamed';
import { ownerBodies, thisClass } from '../this-owner';
import { isLocalUrl } from '../url-arg';
import type { Prop, Val } from '../values';
import { callsByName } from '../receivers';
import { functionOf, keepsValue, outermost, walk } from '../walk';

type Call = ts.CallExpression | ts.NewExpression;

/** Where `new XMLHttpRequest()` is stored: a declared name, or an assignment target such as `this.xhr`. */
interface Handle {
  text: string;
  statement: ts.Statement;
  id?: ts.Identifier;
}

function handleOf(at: Call, file: FileCtx): Handle | undefined {
  let n: ts.Node = at;
  // `window.XMLHttpRequest ? new XMLHttpRequest() : new ActiveXObject(…)`: the request is one branch's.
  for (let p = n.parent; p && (keepsValue(p) || (ts.isConditionalExpression(p) && p.condition !== n)); p = n.parent) n = p;
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name) && ts.isVariableStatement(p.parent.parent)) {
    return { text: p.name.text, statement: p.parent.parent, id: p.name };
  }
  if (p && ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(p.parent)) {
    // `xhr = new XMLHttpRequest()` for a `var xhr` declared above: its uses are those of that variable.
    return { text: p.left.getText(file.sf), statement: p.parent, ...(ts.isIdentifier(p.left) && { id: p.left }) };
  }
  return undefined;
}

/** `x.open(method, url, false)` (a minifier's `!1`): a synchronous request, which may not take a timeout (xhr.spec.whatwg.org). */
function isSyncOpen(access: ts.PropertyAccessExpression): boolean {
  const c = access.parent;
  if (access.name.text !== 'open' || !ts.isCallExpression(c) || c.expression !== access) return false;
  const async = c.arguments[2];
  return async !== undefined && booleanLiteral(async) === false;
}

/** Every `.member` use of the handle; null when it escapes (passed or returned), so others may set its timeout. */
function usesOf(h: Handle, file: FileCtx): ts.PropertyAccessExpression[] | null {
  if (h.id) return nameUses(h.id, file);
  const out: ts.PropertyAccessExpression[] = [];
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

/** The `.member` uses of what a name holds, in its binding's scope; null when it escapes. */
function nameUses(id: ts.Identifier, file: FileCtx, depth = 0): ts.PropertyAccessExpression[] | null {
  const b = file.resolver.resolve(id);
  const scope = b && b.kind === 'var' ? b.scope : file.sf;
  const out: ts.PropertyAccessExpression[] = [];
  for (const n of namesIn(file, scope, id.text)) {
    if (n === id || file.resolver.resolve(n) !== b || isAssigned(n) || isTested(n)) continue;
    if (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) out.push(n.parent);
    else if (!inOwnHandler(n, id.text)) {
      const kept = depth === 0 && ts.isReturnStatement(n.parent) ? callerUses(n.parent, file) : null;
      if (!kept) return null;
      out.push(...kept);
    }
  }
  return out;
}

/**
 * `return xhr` from a factory (`function GetXmlHttpObject() { … return xhr; }`): the uses of what each of its
 * callers in the file keeps; null when one hands it on, or the factory has no caller here (others may call it).
 */
function callerUses(ret: ts.ReturnStatement, file: FileCtx): ts.PropertyAccessExpression[] | null {
  const fn = functionOf(ret);
  const name = fn && ts.isFunctionDeclaration(fn) ? fn.name : fn && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
  const calls = name ? callsByName(file).plain.get(name.text) ?? [] : [];
  if (!name || !calls.length) return null;
  const binding = file.resolver.resolve(name);
  const out: ts.PropertyAccessExpression[] = [];
  for (const c of calls) {
    if (file.resolver.resolve(c.expression as ts.Identifier) !== binding) return null;
    const n = outermost(c);
    const p = n.parent;
    const kept = ts.isVariableDeclaration(p) && p.initializer === n ? p.name : ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? p.left : undefined;
    const uses = kept && ts.isIdentifier(kept) ? nameUses(kept, file, 1) : null;
    if (!uses) return null;
    out.push(...uses);
  }
  return out;
}

/**
 * In a handler of the request's own events (`xhr.onload = function () { cb(xhr); }`, `xhr.addEventListener('load',
 * …)`): it runs once the request has been sent, too late to set its timeout, so handing the request on there hides
 * nothing.
 */
function inOwnHandler(n: ts.Node, handle: string): boolean {
  for (let f = n.parent; f; f = f.parent) {
    if (!ts.isFunctionExpression(f) && !ts.isArrowFunction(f)) continue;
    const p = f.parent;
    const target = ts.isBinaryExpression(p) && p.right === f ? p.left : ts.isCallExpression(p) && p.arguments.includes(f) ? p.expression : undefined;
    if (target && ts.isPropertyAccessExpression(target) && /^on|^addEventListener$/.test(target.name.text) && ts.isIdentifier(target.expression) && target.expression.text === handle) return true;
  }
  return false;
}

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken]);

/** `if (xhr)`, `!xhr`, `xhr && xhr.abort`, `xhr === null`, `typeof xhr`: the request tested, not handed on. */
function isTested(n: ts.Identifier): boolean {
  const p = n.parent;
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(p)) return true;
  if (ts.isBinaryExpression(p)) return COMPARISONS.has(p.operatorToken.kind) || (p.left === n && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken);
  if (ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return p.expression === n;
  return ts.isConditionalExpression(p) && p.condition === n;
}

/** `x = …` or `var x`: the name written or declared, not handed on. */
function isAssigned(n: ts.Identifier): boolean {
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && p.name === n) return true;
  return ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** `xhr.send(new FormData(form))`, or a file or blob. */
function sentUpload(send: ts.PropertyAccessExpression, file: FileCtx): boolean {
  const c = send.parent;
  return ts.isCallExpression(c) && c.expression === send && !!c.arguments[0] && isUpload(c.arguments[0], file);
}

/** Whether the uses send the request: `send` (called, or handed on as `xhr.send.call(…)`), or `sendAsBinary(…)`. */
function isSent(uses: readonly ts.PropertyAccessExpression[]): boolean {
  return uses.some((u) => u.name.text === 'send' || (u.name.text === 'sendAsBinary' && ts.isCallExpression(u.parent) && u.parent.expression === u));
}

/** Every `open(method, url)` of the request names bytes at hand (`URL.createObjectURL(blob)`): no server takes part. */
function opensLocal(uses: readonly ts.PropertyAccessExpression[], file: FileCtx): boolean {
  const opens = uses.flatMap((u) => (u.name.text === 'open' && ts.isCallExpression(u.parent) && u.parent.expression === u ? [u.parent] : []));
  return opens.length > 0 && opens.every((c) => !!c.arguments[1] && isLocalUrl(c.arguments[1], file));
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
  // One never sent is no request (a feature probe: `!!xhr.upload`), nor one opened on a blob: or data: URL.
  if (!uses || uses.some(isSyncOpen) || !isSent(uses) || opensLocal(uses, file)) return [{ value: OPEN, kind, at, file }];
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

/**
 * Whether the request may be opened synchronously: `open()` given an async flag that is not written `true` (a
 * variable, a caller's argument), or opened where the analysis does not see. A timeout on a synchronous request
 * makes `open()` throw in a window (xhr.spec.whatwg.org), so the fix is then only offered.
 */
function maybeSync(h: Handle, file: FileCtx): boolean {
  const opens = (usesOf(h, file) ?? []).flatMap((u) => (u.name.text === 'open' && ts.isCallExpression(u.parent) && u.parent.expression === u ? [u.parent] : []));
  if (!opens.length) return true;
  return opens.some((c) => c.arguments[2] !== undefined && !isTrue(unwrap(c.arguments[2])));
}

// What runs when a timeout fires (xhr.spec.whatwg.org, "request error steps"): readystatechange (to DONE), then
// timeout and loadend; never load or error.
const HEARS_TIMEOUT = new Set(['timeout', 'loadend', 'readystatechange']);

/**
 * How the code hears a failed request, where nothing it sets hears a timeout: an `onerror` handler (`'property'`),
 * an error listener only (`'listener'`), or no failure at all, only `load` (`'load'`); undefined when it hears
 * nothing or hears a timeout too. A timeout would end the request and leave the wait those settle (a promise, a
 * callback) open.
 */
function errorsUnheard(h: Handle, file: FileCtx): 'property' | 'listener' | 'load' | undefined {
  const events: string[] = [];
  let property = false;
  for (const u of usesOf(h, file) ?? []) {
    const name = u.name.text;
    if (name.startsWith('on')) events.push(name.slice(2));
    property ||= name === 'onerror';
    const call = u.parent;
    if (name === 'addEventListener' && ts.isCallExpression(call) && call.expression === u && call.arguments[0] && ts.isStringLiteralLike(call.arguments[0])) events.push(call.arguments[0].text);
  }
  if (events.some((e) => HEARS_TIMEOUT.has(e))) return undefined;
  if (!events.includes('error')) return events.includes('load') ? 'load' : undefined;
  return property ? 'property' : 'listener';
}

/** `true`, or a minifier's `!0`. */
function isTrue(e: ts.Expression): boolean {
  return booleanLiteral(e) === true;
}

/** A statement in a list (a block, a module, a case), after which another can be written. */
function inStatementList(st: ts.Statement): boolean {
  const p = st.parent;
  return ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p);
}

function withSemicolon(text: string): string {
  return text.trimEnd().endsWith(';') ? text.trimEnd() : `${text.trimEnd()};`;
}

/**
 * `xhr.timeout = ms;` on a line of its own after the statement that creates the request, in the file's style; with
 * it in braces where that statement is a branch of its own. Where that statement shares its line with other code
 * (a minified bundle: `var a=new XMLHttpRequest;a.open(…)`), right after it on the same line: a new line would shift
 * every line after it, and the bundle's source map with them.
 */
export function xhrFix(at: Call, file: FileCtx, template: string): { fix: Fix; desc?: string; level?: 'suggestion' } | undefined {
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
  const lineEnd = sf.text.indexOf('\n', end);
  const inline = indent.length !== start - lineStart || /\S/.test(sf.text.slice(end, lineEnd < 0 ? sf.text.length : lineEnd));
  // On a shared line it goes right after the statement, before any comment there: after a `//` it would be comment.
  const fix: Fix = inStatementList(h.statement)
    ? inline
      ? { range: [h.statement.end, h.statement.end], text: `${semi ? '' : ';'}${withSemicolon(statement)}` }
      : { range: [end, end], text: eolOf(sf.text) + indent + statement }
    : // The branch of an `if` or a loop without braces (`if (window.XMLHttpRequest) xhr = new XMLHttpRequest();`):
      // a line after it would run outside the branch, and leave an `else` with no `if`. Both go in braces.
      { range: [start, h.statement.end], text: `{ ${withSemicolon(h.statement.getText(sf))} ${withSemicolon(statement)} }` };
  if (maybeSync(h, file)) return { fix, desc: `Set ${h.text}.timeout (only for an asynchronous request: a synchronous open() throws with a timeout)`, level: 'suggestion' };
  const unheard = errorsUnheard(h, file);
  if (unheard === 'listener') {
    return { fix, desc: `Set ${h.text}.timeout, and listen for its timeout event: the error listener here does not run when it fires`, level: 'suggestion' };
  }
  // Only `load` is heard: on a timeout it does not run, and what it calls back is never called. What else to call
  // then (the load handler assumes a response) is the author's to write.
  if (unheard === 'load') {
    return { fix, desc: `Set ${h.text}.timeout, and listen for its timeout event: only load is heard here, which does not run when it fires`, level: 'suggestion' };
  }
  if (unheard === 'property') {
    // `request.onerror = reject`: a timeout fires no error event, so the wait it settles would never end. The timeout
    // event is sent to that handler, looked up when it fires.
    const route = `${h.text}.ontimeout = function (e) { if (${h.text}.onerror) ${h.text}.onerror(e); }${semi ? ';' : ''}`;
    fix.text = !inStatementList(h.statement) ? fix.text.replace(/ \}$/, ` ${withSemicolon(route)} }`) : inline ? fix.text + withSemicolon(route) : fix.text + eolOf(sf.text) + indent + route;
  }
  // xhr.timeout runs over the whole exchange: it also ends an upload that is alive (one followed by `xhr.upload`,
  // or a form or file sent).
  if ((usesOf(h, file) ?? []).some((u) => u.name.text === 'upload' || (u.name.text === 'send' && sentUpload(u, file)))) {
    return { fix, desc: `Set ${h.text}.timeout: it also ends an upload that takes longer; size it for the largest one`, level: 'suggestion' };
  }
  return { fix };
}
