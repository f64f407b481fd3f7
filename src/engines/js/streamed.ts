// Requests whose response body is read as a stream (a download piped to a file, an event stream): a total bound
// also ends a transfer that is long but alive, so the fix that adds one is only offered there.
import { ts } from './typescript';
import { type FileCtx, functionNamed, isConstant, namesIn, usesIn } from './file';
import { booleanLiteral, lastOfSequence, staticName, unwrap } from './parse';
import { madeRequestObject } from './calls';
import { incomingRequest } from './incoming';
import { sentOn } from './streamed-on';
import { functionOf, holderOf, outermostAwaited } from './walk';

type Call = ts.CallExpression | ts.NewExpression;

// Methods that read a body as a stream: Node's `readable.pipe()`, web streams' `pipeTo()`/`pipeThrough()`/
// `getReader()`.
const STREAM_READS = new Set(['pipe', 'pipeTo', 'pipeThrough', 'getReader']);
// Calls that take a stream to read: `stream.pipeline(src, …)`, `Readable.fromWeb(body)`.
const STREAM_TAKERS = new Set(['pipeline', 'fromWeb']);

/**
 * What reads `e` (the request, the response, its body) as a stream, if anything does where it is written:
 * `.pipe()`, `.getReader()`, `for await (const chunk of res.body)`, `pipeline(res, …)`, or a function of the file
 * handed it that reads that parameter so (`readEvents(res.body)`, one level deep); or what sends it on to a client
 * as it arrives (`return new Response(res.body)`, a request handler's `return fetch(…)`).
 */
function readAsStream(e: ts.Node, file: FileCtx, depth = 0): boolean {
  const n = outermostAwaited(e);
  const p = n.parent;
  if (sentOn(e, n, file, (body) => readAsStream(body, file, depth))) return true;
  if (ts.isPropertyAccessExpression(p) && p.expression === n) {
    if (STREAM_READS.has(p.name.text)) return true;
    // fetch: `res.body` handed on or read as a stream.
    return p.name.text === 'body' && readAsStream(p, file, depth);
  }
  // A response or its body iterated chunk by chunk; a call iterated is a paginator (`got.paginate(…)`), not a body.
  if (ts.isForOfStatement(p) && p.awaitModifier && p.expression === n) return !ts.isCallExpression(e);
  if (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
    const callee = promisified(unwrap(p.expression));
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (STREAM_TAKERS.has(name)) return true;
    return depth === 0 && ts.isIdentifier(callee) && paramStreams(callee, p.arguments.indexOf(n as ts.Expression), file);
  }
  return false;
}

/** `promisify(pipeline)`, `util.promisify(stream.pipeline)`: the function promisified, which takes the same arguments. */
function promisified(callee: ts.Expression): ts.Expression {
  if (!ts.isCallExpression(callee) || callee.arguments.length !== 1) return callee;
  const c = unwrap(callee.expression);
  const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '';
  return name === 'promisify' ? unwrap(callee.arguments[0]!) : callee;
}

/** Whether the function of the file `callee` names reads its parameter at `index` as a stream. */
function paramStreams(callee: ts.Identifier, index: number, file: FileCtx): boolean {
  const fn = functionNamed(callee, file);
  const p = fn?.parameters[index];
  if (!fn || !p || !ts.isIdentifier(p.name)) return false;
  const own = file.resolver.resolve(p.name);
  return !!own && usesIn(file, fn, p.name, own).some((u) => readAsStream(u, file, 1));
}

/** A name the request or its awaited response is kept by (`const res = await fetch(…)`), read as a stream. */
function keptAndStreamed(call: Call, file: FileCtx): boolean {
  const n = outermostAwaited(call);
  const d = n.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== n || !ts.isIdentifier(d.name)) return false;
  const b = file.resolver.resolve(d.name);
  if (!b || b.kind !== 'var') return false;
  return usesIn(file, b.scope, d.name, b).some((u) => readAsStream(u, file));
}

/**
 * A request made in a function named for a stream or a download, or a response a function of the file returns
 * (`const res = await fetch(…); return res`, `return fetch(…)`) that a caller in the file reads as a stream
 * (`const r = await sendFetch(url); pipeline(r.body, file)`): a total added in the function would end that caller's
 * download too.
 */
function returnedAndStreamed(call: Call, file: FileCtx): boolean {
  const fn = functionOf(call);
  const name = fn && holderOf(fn);
  // `executeSingleStreamRequest()`, `downloadFile()`: a function named for a stream makes a request whose response
  // its callers read as one, maybe further than the file's calls can be followed.
  if (name && STREAM_NAMED.test(name.text)) return true;
  if (!fn || !name || !returnsResponse(call, fn, file)) return false;
  const b = file.resolver.resolve(name);
  return namesIn(file, file.sf, name.text).some((u) => {
    const c = u.parent;
    if (u === name || !ts.isCallExpression(c) || c.expression !== u || file.resolver.resolve(u) !== b) return false;
    return readAsStream(c, file) || keptAndStreamed(c, file);
  });
}

const STREAM_NAMED = /stream|download/i;

/** Whether `fn` returns the call's result, as written or by the name it is kept by. */
function returnsResponse(call: Call, fn: ts.Node, file: FileCtx): boolean {
  let n: ts.Node = call;
  for (;;) {
    n = outermostAwaited(n);
    // `fetch(…).catch((e) => { throw … })`: the same response when the request succeeds.
    const p = n.parent;
    if (!ts.isPropertyAccessExpression(p) || !['catch', 'finally'].includes(p.name.text) || !ts.isCallExpression(p.parent) || p.parent.expression !== p) break;
    n = p.parent;
  }
  if (ts.isReturnStatement(n.parent) || n.parent === fn) return true;
  const d = n.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== n || !ts.isIdentifier(d.name)) return false;
  const b = file.resolver.resolve(d.name);
  return namesIn(file, fn, d.name.text).some((u) => {
    const x = outermostAwaited(u);
    return u !== d.name && file.resolver.resolve(u) === b && (ts.isReturnStatement(x.parent) || (x.parent === fn && ts.isArrowFunction(fn)));
  });
}

/** The response handed to a callback of the request (`https.get(url, (res) => res.pipe(file))`, `.then((res) => …)`). */
function callbackStreams(fn: ts.Expression, file: FileCtx): boolean {
  const f = unwrap(fn);
  if (!ts.isArrowFunction(f) && !ts.isFunctionExpression(f)) return false;
  const p = f.parameters[0];
  if (!p || !ts.isIdentifier(p.name)) return false;
  const b = file.resolver.resolve(p.name);
  return !!b && usesIn(file, f, p.name, b).some((u) => readAsStream(u, file));
}

// Bodies that are files or forms of them, or a stream of data still to come: an upload, which a total also ends
// while it is alive.
const UPLOADS = new Set(['FormData', 'File', 'Blob', 'ReadableStream']);

// Calls that give a stream of a file or of data still to come: a body sent as it is read, for as long as it lasts.
const STREAM_MAKERS = new Set(['createReadStream', 'fromWeb', 'from', 'toWeb', 'openAsBlob']);

/**
 * A body that is a `FormData`, `File`, `Blob` or `ReadableStream` made here (`new FormData(form)`), a stream of a
 * file (`fs.createReadStream(path)`, `Readable.from(…)`, `Readable.toWeb(…)`, `fs.openAsBlob(path)`), the body of
 * the incoming request (`req.body`: a stream of unknown length), one arm of a condition that is one, or a const
 * holding one.
 */
export function isUpload(e: ts.Expression, file: FileCtx, depth = 0): boolean {
  let x = unwrap(e);
  if (ts.isIdentifier(x)) {
    const b = file.resolver.resolve(x);
    x = b?.kind === 'var' && isConstant(b, file) && !b.path.length && b.init ? unwrap(b.init) : x;
  }
  if (ts.isAwaitExpression(x)) x = unwrap(x.expression);
  if (depth < 3 && ts.isConditionalExpression(x)) return isUpload(x.whenTrue, file, depth + 1) || isUpload(x.whenFalse, file, depth + 1);
  if (depth < 3 && ts.isBinaryExpression(x) && FALLBACKS.has(x.operatorToken.kind)) return isUpload(x.left, file, depth + 1) || isUpload(x.right, file, depth + 1);
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'body') return incomingRequest(x.expression, file);
  if (ts.isCallExpression(x)) {
    // `(0, fs_1.createReadStream)(path)`: how TypeScript's CommonJS output calls a named import.
    const callee = lastOfSequence(x.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    // `Readable.from`, `Readable.fromWeb`: a stream; `Array.from` and the like are not.
    const owner = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression).getText(file.sf) : '';
    return STREAM_MAKERS.has(name) && (name === 'createReadStream' || name === 'openAsBlob' || /Readable$/.test(owner));
  }
  return ts.isNewExpression(x) && ts.isIdentifier(x.expression) && UPLOADS.has(x.expression.text);
}

const FALLBACKS = new Set([ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

/**
 * The arguments of the call, and of a request object it is given made here (`http.request(req)` with
 * `const req = new HttpRequest('POST', url, form, init)`): where its body and options are written.
 */
function writtenArguments(call: Call, file: FileCtx): readonly ts.Expression[] {
  const args = call.arguments ?? [];
  const made = args.map((a) => madeRequestObject(a, file)?.made.arguments ?? []);
  return [...args, ...made.flat()];
}

/**
 * `fetch(url, { method: 'POST', body: new FormData(form) })`, `http.post(url, form)`: the call's options, or an
 * argument of its own, send an upload.
 */
function sendsUpload(call: Call, file: FileCtx): boolean {
  return writtenArguments(call, file).some((a) => {
    const o = unwrap(a);
    if (isUpload(o, file)) return true;
    if (!ts.isObjectLiteralExpression(o)) return false;
    // `{ body: stream }`, or `{ body }` with a name holding one.
    return o.properties.some((p) => (ts.isPropertyAssignment(p) && staticName(p.name) === 'body' && isUpload(p.initializer, file)) || (ts.isShorthandPropertyAssignment(p) && p.name.text === 'body' && isUpload(p.name, file)));
  });
}

/**
 * `{ responseType: 'stream' }` (axios) or `{ isStream: true }` (got) written in the call; `{ reportProgress: true }`
 * (Angular), which asks for events of a transfer expected to take long: an upload or a download watched as it goes;
 * `{ duplex: 'half' }`, which fetch requires of a body that is a stream (Fetch standard, RequestInit.duplex).
 */
function asksForStream(call: Call, file: FileCtx): boolean {
  return writtenArguments(call, file).some((a) => {
    const o = unwrap(a);
    if (!ts.isObjectLiteralExpression(o)) return false;
    return o.properties.some((p) => {
      if (!ts.isPropertyAssignment(p)) return false;
      const key = staticName(p.name);
      const v = unwrap(p.initializer);
      const yes = booleanLiteral(v) === true;
      const text = ts.isStringLiteralLike(v) ? v.text : undefined;
      return (key === 'responseType' && text === 'stream') || (key === 'duplex' && text === 'half') || (key === 'isStream' && yes) || (key === 'reportProgress' && yes);
    });
  });
}

/**
 * Whether the request's response body is read as a stream where the request is written: a stream request
 * (`got.stream(…)`, undici's `stream`/`pipeline`), one that asks for a stream, one piped, or whose response (or
 * its `body`) is piped, read by a reader or handed to `pipeline()`, in the code that keeps it or in its callback;
 * or one that uploads a file, form or stream, or asks for progress events; or one whose response is sent on to a
 * client as it arrives (`sentOn`).
 */
export function streamedBody(call: Call, file: FileCtx, observable = false): boolean {
  // An Observable (Angular's): its `.pipe()` takes operators, and its response comes whole; only what is sent counts.
  if (observable) return asksForStream(call, file) || sendsUpload(call, file);
  for (let e = unwrap(call.expression); ts.isPropertyAccessExpression(e); e = unwrap(e.expression)) {
    if (e.name.text === 'stream' || e.name.text === 'pipeline') return true;
  }
  if (asksForStream(call, file) || sendsUpload(call, file) || readAsStream(call, file) || keptAndStreamed(call, file)) return true;
  if (returnedAndStreamed(call, file)) return true;
  if ((call.arguments ?? []).some((a) => callbackStreams(a, file))) return true;
  // `fetch(url).then((res) => res.body.pipeTo(…))`
  const then = call.parent;
  if (ts.isPropertyAccessExpression(then) && then.name.text === 'then' && ts.isCallExpression(then.parent) && then.parent.arguments[0]) {
    return callbackStreams(then.parent.arguments[0], file);
  }
  return false;
}
