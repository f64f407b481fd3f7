// Whether an argument is the URL: by its name, its declared type, its value, or an expression that gives a string.
import { ts } from './typescript';
import { type FileCtx, assignedValues, functionNamed, isConstant, isGlobal } from './file';
import { lastOfSequence, returnsOf, unwrap } from './parse';
import { evaluate, type Val } from './values';

// A name that says URL: `axios(url)` passes no config even when `url` cannot be evaluated.
const URL_NAME = /(?:url|uri|href|endpoint|path|link)$/i;
// The short and plain names a helper gives the URL it is handed (`get(u)`, `fetchPage(target)`, `download(src)`):
// only as a name of its own, not a property (`this.target` may be an object of options).
const URL_VARIABLE = /^(?:u|target|src|address|site)$/i;

const FALLBACK = new Set([ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

/**
 * A string or URL by its syntax: a string or template literal; `+` with one on either side (`'http://' + host`);
 * a fallback to one (`process.env.URL || 'http://…'`), the other side being what the code reads as the URL too;
 * a choice of two (`secure ? a : b`); `new URL(…)`, `String(x)`, `x.toString()`; a read of the environment or of
 * `process.argv`; or a const initialized so.
 */
function isStringExpression(e: ts.Expression, file: FileCtx, depth = 0): boolean {
  const x = unwrap(e);
  if (ts.isStringLiteralLike(x) || ts.isTemplateExpression(x) || isEnvRead(x, file)) return true;
  if (depth > 4) return false;
  const str = (y: ts.Expression) => isStringExpression(y, file, depth + 1);
  if (ts.isBinaryExpression(x)) {
    const op = x.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return str(x.left) || str(x.right);
    return FALLBACK.has(op) && str(x.right);
  }
  if (ts.isConditionalExpression(x)) return str(x.whenTrue) && str(x.whenFalse);
  if (ts.isNewExpression(x)) return calledName(x.expression) === 'URL';
  if (ts.isCallExpression(x)) {
    const callee = unwrap(x.expression);
    if (ts.isIdentifier(callee)) return (callee.text === 'String' && x.arguments.length === 1) || returnsString(callee, file, depth);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const method = callee.name.text;
    const receiver = unwrap(callee.expression);
    if (method === 'toString' && !x.arguments.length) return true;
    if (STRING_ONLY.has(method)) return true;
    // `base.concat(path)`, `prefix.slice(1)`: methods arrays have too, on what the code reads as a string.
    if (ON_STRINGS.has(method)) return str(receiver) || declaredString(receiver, file);
    // `[base, path].join('/')`
    return method === 'join' && ts.isArrayLiteralExpression(receiver);
  }
  if (!ts.isIdentifier(x)) return false;
  const b = file.resolver.resolve(x);
  if (b?.kind !== 'var' || !isConstant(b, file) || !b.init) return false;
  // `const { HOOK_URL } = process.env`
  return b.path.length ? b.path.length === 1 && isEnvObject(b.init, file) : str(b.init);
}

/** The `process` global, by its name or as `globalThis.process`. */
function isProcess(e: ts.Expression, file: FileCtx): boolean {
  const x = unwrap(e);
  if (ts.isPropertyAccessExpression(x)) return x.name.text === 'process' && isGlobal(unwrap(x.expression), 'globalThis', file);
  return isGlobal(x, 'process', file);
}

/** `process.env`, Vite's `import.meta.env`, or a const holding one (`const env = process.env`). */
function isEnvObject(e: ts.Expression, file: FileCtx, depth = 0): boolean {
  const x = unwrap(e);
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'env') {
    const owner = unwrap(x.expression);
    if (ts.isMetaProperty(owner)) return owner.keywordToken === ts.SyntaxKind.ImportKeyword && owner.name.text === 'meta';
    return isProcess(owner, file);
  }
  if (!ts.isIdentifier(x) || depth > 2) return false;
  const b = file.resolver.resolve(x);
  return b?.kind === 'var' && isConstant(b, file) && !b.path.length && !!b.init && isEnvObject(b.init, file, depth + 1);
}

/**
 * `process.env.HOOK_URL`, `process.env['HOOK_URL']` (Node: each value a string, or undefined when unset), Vite's
 * `import.meta.env.VITE_API` (strings) and `process.argv[2]` (strings): never an options object, so a client that
 * takes options first reads none there.
 */
function isEnvRead(x: ts.Expression, file: FileCtx): boolean {
  if (!ts.isPropertyAccessExpression(x) && !ts.isElementAccessExpression(x)) return false;
  if (isEnvObject(x.expression, file)) return true;
  const argv = unwrap(x.expression);
  return ts.isElementAccessExpression(x) && ts.isPropertyAccessExpression(argv) && argv.name.text === 'argv' && isProcess(argv.expression, file);
}

// Methods only strings have among the built-ins, each giving a string: `tpl.replace('{id}', id)`, `u.trim()`.
const STRING_ONLY = new Set(['replace', 'replaceAll', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'padStart', 'padEnd', 'substring', 'substr', 'normalize']);
// Methods arrays have too: a string only on a string.
const ON_STRINGS = new Set(['concat', 'slice', 'repeat']);

/** A function of this file (`function apiUrl(p) { return base + '/' + p; }`) each of whose returns gives a string. */
function returnsString(callee: ts.Identifier, file: FileCtx, depth: number): boolean {
  const fn = functionNamed(callee, file);
  if (!fn?.body) return false;
  if (!ts.isBlock(fn.body)) return isStringExpression(fn.body, file, depth + 1);
  const { exprs, bare } = returnsOf(fn);
  return !bare && exprs.length > 0 && exprs.every((r) => isStringExpression(r, file, depth + 1));
}

function calledName(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  return ts.isIdentifier(x) ? x.text : ts.isPropertyAccessExpression(x) ? x.name.text : undefined;
}

/** A type annotation that says string or URL: `target: string`, `u: URL`, `to: string | URL`. */
function isUrlType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isUnionTypeNode(type)) return type.types.every(isUrlType);
  if (type.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(type) || ts.isTemplateLiteralTypeNode(type)) return true;
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'URL';
}

/** An identifier declared with a string type (`base: string`), as a parameter or a variable of this file. */
function declaredString(e: ts.Expression, file: FileCtx): boolean {
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (!b || (b.kind !== 'param' && b.kind !== 'var') || b.path.length) return false;
  const decl = b.kind === 'param' ? b.param : b.name.parent;
  const type = ts.isParameter(decl) || ts.isVariableDeclaration(decl) ? decl.type : undefined;
  return !!type && (type.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(type) || ts.isTemplateLiteralTypeNode(type));
}

/** An identifier declared with a string or URL type, as a parameter or a variable of this file. */
function declaredUrl(e: ts.Expression, file: FileCtx): boolean {
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  if (!b || (b.kind !== 'param' && b.kind !== 'var') || b.path.length) return false;
  const decl = b.kind === 'param' ? b.param : b.name.parent;
  return ts.isParameter(decl) || ts.isVariableDeclaration(decl) ? isUrlType(decl.type) : false;
}

/** The argument is the URL, not the options: a call that takes either reads no options from it. */
export function isUrlLike(arg: ts.Expression, v: Val, file: FileCtx): boolean {
  if (v.kind === 'lit' && typeof v.value === 'string') return true;
  const e = unwrap(arg);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '';
  // A global's property says it as a value the analysis cannot read does: `location.href`, `window.API_URL`.
  const opaque = v.kind === 'unknown' || (v.kind === 'ref' && 'global' in v.base);
  if (opaque && (URL_NAME.test(name) || (ts.isIdentifier(e) && URL_VARIABLE.test(name)) || declaredUrl(e, file))) return true;
  return isStringExpression(e, file);
}

/**
 * How a URL written in place starts: a string's text, a template's text before its first `${…}`, the start of the
 * leftmost part of a concatenation (`'file://' + path`).
 */
export function writtenStart(url: ts.Expression | undefined): string | undefined {
  let x = url && unwrap(url);
  while (x && ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) x = unwrap(x.left);
  return !x ? undefined : ts.isStringLiteralLike(x) ? x.text : ts.isTemplateExpression(x) ? x.head.text : undefined;
}

// Fetch standard: a `data:` URL is decoded from the URL itself, a `blob:` URL read from a Blob the page holds; a
// `file:` URL names a local file (a browser or Electron renderer reads it from disk, Node's fetch refuses it).
const LOCAL_SCHEME = /^(?:data|blob|file):/i;
// Only these reach a server. Another scheme written with `//` is the app's own (Electron's `protocol.handle('app', …)`,
// `chrome-extension://`, Tauri's and Capacitor's): its handler answers in the process; a client that cannot fetch it
// throws at once. `x+unix://` and `unix:` name a local socket a daemon may leave silent: kept.
const NETWORK_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'ftps', 'ipfs', 'ipns', 'unix']);

/** A URL written in place whose scheme sends no request to a server. */
function localStart(start: string): boolean {
  if (LOCAL_SCHEME.test(start)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(start)?.[1]?.toLowerCase();
  return !!scheme && !NETWORK_SCHEMES.has(scheme) && !scheme.includes('+');
}

/**
 * A URL that names bytes already at hand, so no server takes part and none can stay silent: a `data:`, `blob:` or
 * `file:` string, one of the app's own scheme (`app://…`), Node's `pathToFileURL(p)` (its `href`, `toString()`),
 * `URL.createObjectURL(…)`, a `toDataURL(…)` (a canvas, `QRCode.toDataURL`), a file of the browser extension's own
 * package (`chrome.runtime.getURL(…)`, `browser.runtime.getURL(…)`), or a const holding one; or a `let`/`var` every
 * value of which is one (`var e; … e = URL.createObjectURL(blob)`, as minifiers write it).
 */
export function isLocalUrl(arg: ts.Expression, file: FileCtx, depth = 0): boolean {
  let x = unwrap(arg);
  if (ts.isAwaitExpression(x)) x = unwrap(x.expression);
  const start = writtenStart(x);
  if (start !== undefined) return localStart(start);
  // `pathToFileURL(p).toString()`, `.href`: the text of a local URL is one.
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'href') return isLocalUrl(x.expression, file, depth + 1);
  if (ts.isCallExpression(x)) {
    const c = unwrap(x.expression);
    if (ts.isPropertyAccessExpression(c) && c.name.text === 'toString' && !x.arguments.length) return isLocalUrl(c.expression, file, depth + 1);
    return isLocalUrlCall(x, file);
  }
  if (!ts.isIdentifier(x) || depth > 3) return false;
  const b = file.resolver.resolve(x);
  if (b?.kind !== 'var' || b.path.length) return false;
  if (isConstant(b, file)) return !!b.init && isLocalUrl(b.init, file, depth + 1);
  const values = b.redeclared ? undefined : assignedValues(b, file);
  return !!values?.length && (!b.init || isLocalUrl(b.init, file, depth + 1)) && values.every((v) => isLocalUrl(v, file, depth + 1));
}

function isLocalUrlCall(call: ts.CallExpression, file: FileCtx): boolean {
  const callee = lastOfSequence(call.expression);
  if (nodeUrlFunction(callee, 'pathToFileURL', file)) return true;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (method === 'toDataURL') return true;
  const path = globalPath(callee.expression, file);
  if (method === 'createObjectURL') return path === 'URL' || path === 'window.URL' || path === 'self.URL' || path === 'webkitURL';
  // developer.chrome.com/docs/extensions/reference/api/runtime#method-getURL: chrome-extension://<id>/<path>.
  return method === 'getURL' && (path === 'chrome.runtime' || path === 'browser.runtime' || path === 'chrome.extension');
}

const URL_MODULES = new Set(['url', 'node:url']);

/**
 * Node's `url` module function `name` (`pathToFileURL`: a `file:` URL of a path), however the file reaches it:
 * imported (under any name), required, or read off the module (`url.pathToFileURL`, `url_1.pathToFileURL`).
 */
function nodeUrlFunction(callee: ts.Expression, name: string, file: FileCtx): boolean {
  const v = evaluate(callee, file, 1);
  return v.kind === 'ref' && 'module' in v.base && URL_MODULES.has(v.base.module) && v.path.length === 1 && v.path[0] === name;
}

/** `a.b.c` written from a name the file does not bind (a global), else undefined. */
function globalPath(e: ts.Expression, file: FileCtx): string | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return file.resolver.resolve(x) ? undefined : x.text;
  if (!ts.isPropertyAccessExpression(x)) return undefined;
  const head = globalPath(x.expression, file);
  return head && `${head}.${x.name.text}`;
}
