import type { PhpSpecialSpec } from './php-specs';

/** A literal value as the engines evaluate it. */
export type Literal = number | string | boolean | null;

/** One option that bounds time; `code` is its integer value where the language allows it as a key. */
export interface TimeoutOption {
  name: string;
  code?: number;
  unit: 's' | 'ms';
  /** Another option whose presence makes the library skip this one (ofetch arms `timeout` only without a `signal`). */
  ignoredWith?: string;
  /**
   * An idle option that only emits an event of its own name when it runs out (node:http's `timeout`): a finite
   * value stops nothing unless a listener of that event ends the request (`handle.aborts`), so it counts as set only
   * where one does, and a fix for its never value writes the total option instead.
   */
  emitsOnly?: boolean;
  /**
   * Clients (rule ids) whose own function bounds nothing when given as this option: a client's custom `fetch` that is
   * a plain fetch (the global, node-fetch's, undici's), which adds no signal.
   */
  plainClients?: readonly string[];
  /**
   * A signal here is made once with what the call makes (Apollo's link) and handed to every request it sends: a
   * timed one fires once, and bounds none sent after.
   */
  sharedSignal?: boolean;
}

export interface BoundSpec {
  options: readonly TimeoutOption[];
  /** Values that mean "never time out": a `disabledTimeout` finding. */
  never: readonly Literal[];
  /** Values that put the library default back, as if the option were not written. */
  unset: readonly Literal[];
  /** What a negative value does: refused (the previous value stays) or "never". */
  negative?: 'ignored' | 'never';
  /** True when the library casts the value to an integer first (so 0.5 reads as 0). */
  integerValues?: boolean;
  /**
   * A total bound only: true when it runs from the start of the request, connect included, so that a connect
   * bound turned off beside it leaves no phase unbounded.
   */
  coversConnect?: boolean;
}

/** A cURL-style handle: created, configured by option calls, then executed. */
export interface HandleSpec {
  create: readonly string[];
  copy: readonly string[];
  reset: readonly string[];
  setOption: readonly string[];
  setOptions: readonly string[];
  /**
   * Calls that send the request; `arg` is the index of the handle argument. With `sentBy`, the call only queues the
   * handle and the first of those calls after it sends the request: options set until then still apply.
   */
  execute: readonly { fn: string; arg: number; sentBy?: readonly string[] }[];
  /** Prefixes of the library's own option constants; those that are not timeouts are known to be harmless. */
  optionPrefixes: readonly string[];
  /** Option constants of the library that no prefix names (ext/curl's CURLINFO_HEADER_OUT): no timeouts either. */
  otherOptions?: readonly string[];
  /** Calls that take a handle but neither set nor hide its options. */
  inert: readonly string[];
  /**
   * Options that hand the body to the code as it arrives, or send one from a file or a callback: with one set, a
   * total also ends a long transfer that is alive, so a fix that adds one is only offered.
   */
  streams?: readonly string[];
}

export interface StatementFix {
  kind: 'insertStatementAfter';
  /** One statement per missing bound; {{handle}} is the handle expression, {{value}} the value in the option's unit. */
  statement: string;
  /** The same option as an entry of an options array literal. */
  arrayEntry: string;
  level: 'fix' | 'suggestion';
}

export interface BaseSpec {
  /** The path under rules/, without extension: 'php/curl'. */
  id: string;
  language: 'php' | 'js';
  /** How messages name the client. */
  client: string;
  summary: string;
  /**
   * Words of which a file must contain one outside comments to hold a finding (the prefilter). PHP clients
   * list them; a JS client's are derived from its roots, and its own replace only the names of its globals.
   */
  mentions?: readonly string[];
  /** When set, a file must also contain one of these: both halves of a finding must be in sight. A word ending in `(` is a call. */
  alsoMentions?: readonly string[];
  total: BoundSpec;
  connect: BoundSpec | null;
  /** The library's own finite bound, if it has one; then only a disabled value is owed a finding. */
  libraryDefault: { total: string; since?: DefaultSince } | null;
}

/**
 * A library default that came in a later major of a Composer package: a PHP file whose nearest composer.lock pins,
 * or composer.json allows, only majors below `major` of the first of `packages` listed has no default, and its
 * requests are judged as those of a client without one.
 */
export interface DefaultSince {
  /** Composer package names, lower case; the first that the manifests list is read. */
  packages: readonly string[];
  major: number;
  /** Said in the message where the default is missing: what the older majors do. */
  before: string;
}

/** A PHP client lists its words: PHP reaches a client by functions, classes and aliases, not by one import. */
export interface PhpBaseSpec extends BaseSpec {
  language: 'php';
  mentions: readonly string[];
  /**
   * A php.ini setting that bounds the client's waits for data when the code sets no timeout
   * (`default_socket_timeout`, 60 s unless the deployment sets another): it stops a silent server, but it is not
   * code, so it does not count. The messages say that instead of "a silent server can hold it open forever".
   */
  iniBound?: 'default_socket_timeout';
}

export interface CurlHandleSpec extends PhpBaseSpec {
  special: 'curl-handle';
  /** Options that together make an idle bound (all of them set above 0): no error then, as the contract says. */
  idle: readonly TimeoutOption[];
  handle: HandleSpec;
  fix: StatementFix;
}

/**
 * Where a JS client comes from: a module (its default or CommonJS export, or one named `export`), a global, or
 * the property `export` of the first parameter of an exported function named `argumentOf` (`load({ fetch })`),
 * or of each function of an exported object named `argumentOfEach` (`actions = { default: ({ fetch }) => … }`),
 * or of the function given to a call of the framework's `argumentOfCall`, auto-imported or imported by that name
 * (`defineEventHandler((event) => event.$fetch(…))`, or its `{ handler }`).
 */
export interface JsEntry {
  module?: string;
  export?: string;
  global?: string;
  argumentOf?: string;
  argumentOfEach?: string;
  argumentOfCall?: string;
}

/**
 * ext/curl's total options by their codes: CURLOPT_TIMEOUT in seconds, CURLOPT_TIMEOUT_MS in milliseconds (libcurl
 * CURLOPT_TIMEOUT.md). Every client that takes curl options takes these two.
 */
export const CURL_TOTAL: readonly (TimeoutOption & { code: number })[] = [
  { name: 'CURLOPT_TIMEOUT', code: 13, unit: 's' },
  { name: 'CURLOPT_TIMEOUT_MS', code: 155, unit: 'ms' },
];

/**
 * The fetch a fix hands a client that calls it with a signal of its own (a link's unsubscribe, a caller's cancel):
 * the global fetch, with that signal kept beside a timeout, so that cancelling still aborts the request.
 */
export const FETCH_WITH_TIMEOUT_BESIDE_SIGNAL =
  '(input, init) => fetch(input, { ...init, signal: AbortSignal.any([...(init?.signal ? [init.signal] : []), AbortSignal.timeout({{totalMs}})]) })';

/** A path from a root alias: `['axios', ['get', 'delete']]` is `axios.get` or `axios.delete`. */
export type JsCallee = readonly (string | readonly string[])[];

/** A call (or `new`) that sends a request, or that makes an instance whose calls inherit its options. */
export interface JsCallShape {
  callee: JsCallee;
  /** Argument indexes that may hold the options object; the first that is not a URL or callback is used. */
  optionsArg: readonly number[];
  /**
   * Where a fix puts a new options object when the call has none; missing arguments before it become `undefined`.
   * null: the call takes no options object (`$.get(url, cb)`), so the fix has nowhere to put one.
   */
  insertAt: number | null;
  /**
   * The argument that holds the URL: a call with none there, or with a function (an event handler, as in
   * `$(window).load(fn)`), sends no request.
   */
  urlArg?: number;
  /** What a missingTimeout message tells to set when the call passes no options object (`.load(url)` takes none). */
  remedy?: string;
  /**
   * The options form is the call's only argument (`$.get(settings)`): given more, the first is the URL
   * (`$.get(url, data, success)`), whatever it holds.
   */
  optionsAlone?: boolean;
  construct?: boolean;
  /** An instance that is a connection, not a set of request options (an http2 session): its requests are judged alone. */
  perRequest?: boolean;
  /** More options that bound the whole request for this call shape only (node-fetch v2's `timeout`). */
  total?: readonly TimeoutOption[];
  /**
   * `total` is honoured only by versions of package `module` below major `major`, when the file's package.json or
   * node_modules says which it runs with (node-fetch 3 dropped `timeout`); nothing said: honoured.
   */
  totalBefore?: {
    module: string;
    major: number;
    /** Said instead of the option where a later version ignores it and the spec's own total cannot be written. */
    remedy?: string;
  };
  /**
   * `total` is honoured only from version `version` ([major, minor]) of package `module` on (@reduxjs/toolkit 1.9 added
   * fetchBaseQuery's `timeout`): where the file's package.json or node_modules says it runs with none that late, the
   * option bounds nothing, and where it allows an earlier one too, the fix that writes it is only offered; nothing
   * said: honoured.
   */
  totalSince?: {
    module: string;
    version: readonly [number, number];
    /** Said instead of the option where the version the file runs with predates it. */
    remedy?: string;
  };
  /**
   * The argument is the options object only when it may hold one of these keys (graphql-request's `{ document,
   * signal }`); a string, a tagged template or an object without them is the request's document, sent with no options.
   */
  optionsWith?: readonly string[];
  /**
   * An options argument before the last is the options only when it is seen to be an object (Octokit's `request({
   * method, url })`, `graphql({ query })`); any other value, one the analysis cannot read too, is the route or query
   * the call takes there (`graphql(QUERY)`), and the next is read.
   */
  optionsIfObject?: boolean;
  /**
   * A string where the options go is an argument the call also takes one place later (Nuxt's `useFetch(url, key)`,
   * `useFetch(url, opts, key)`): the fix inserts the options before it, moving it on. Elsewhere an argument there
   * that is not the options (`axios.post(url, body, 'Content-Type: …')`) is left where it is, and no fix is written.
   */
  movesOn?: boolean;
  /** Every argument from the options one on is merged left to right, an instance by its options (`got.extend(a, b)`). */
  mergesArguments?: boolean;
  /** The options may be a function of the parent's, whose returned object is merged over them (`ky.extend((p) => …)`). */
  optionsFunction?: boolean;
  /** A global class whose instance the first argument may be, made with the options as its second argument: its options apply under the call's own (`fetch(new Request(url, { signal }))`). */
  requestObject?: string;
  /**
   * The options are what the function under this key of the options argument returns (Nest's
   * `registerAsync({ useFactory: () => ({ … }) })`); given any other way, they are not known.
   */
  optionsFactory?: string;
  /**
   * Without `optionsFactory`, keys of the options argument (the first present wins) naming a class whose `method`
   * returns the options: Nest's `registerAsync({ useClass: Config })` calls `createHttpOptions()` of an instance.
   */
  optionsClass?: { keys: readonly string[]; method: string };
  /**
   * The options argument is the request itself, or a function that returns it (Angular's `httpResource(() => ({
   * url, timeout }))`): a URL (a string, or none) sends no options. Such a call is no Observable: the special's
   * pipe reading and fix do not apply to it.
   */
  requestReturned?: boolean;
  /** The options are the object under this key of the options argument (ofetch's `createFetch({ defaults })`). */
  optionsKey?: string;
  /**
   * A later argument whose object under `key` holds options that the options argument's own override: ofetch's
   * `create(defaults, globalOptions)` merges `{ ...globalOptions.defaults, ...defaults }`.
   */
  keyedArg?: { index: number; key: string };
  /** The argument that is the request's data (needle's third): options written there are sent with it, never read. */
  dataArg?: number;
  /**
   * The arguments shift with what the first one is (needle's promise form, `needle(a, b, c, d)`) or with how many
   * there are: the first form that matches the call gives its options, insert and data places; a call that matches
   * none keeps the shape's own. A first argument the analysis cannot read may be any form: a timeout in any options argument counts, and
   * no fix is written (the argument may be data or options).
   */
  forms?: readonly JsCallForm[];
  /**
   * The fix's option would replace one the factory gives in its place (@actions/github's `getOctokit` merges a
   * given `request` over its own, proxy fetch and all): no fix is written or offered; the message says what to set.
   */
  fixless?: boolean;
  /**
   * A call of an instance that sends nothing its options bound, said why: not judged, but a use the analysis sees, so
   * an instance used only by such calls is not reported (http-proxy's `ws()`, whose upgrade reads no `proxyTimeout`).
   */
  inert?: string;
  /**
   * The responses stream for as long as the server yields (tRPC's `httpBatchStreamLink`): a total also ends a stream
   * still arriving, so a fix that writes one is only offered, to be sized.
   */
  streams?: boolean;
  /**
   * The instance's options are laid over its parent's as `Object.assign` lays them (an Octokit class's `defaults`): a
   * key they give replaces the parent's value whole, with the keys under it.
   */
  assignsOverParent?: boolean;
  /** The root whose calls and instances the made instance has, when not its factory's own (`createFetch()` makes an `ofetch`). */
  makes?: string;
  /**
   * The fix, and the message's remedy, for what this shape sends or makes, in place of the spec's: a form of the
   * client that reads other options (an older major's export, which takes no `request.fetch` but a `timeout`).
   */
  fix?: JsOptionFix;
  /**
   * Set by the engine, never in a spec: a call whose method the code computes (`axios[method](url, cfg)`) is one of
   * these shapes, and its options are what any of them reads (`calls.ts` optionsOf).
   */
  anyOf?: readonly JsCallShape[];
}

/** One way a call with shifting arguments may be written (JsCallShape.forms). */
export interface JsCallForm {
  /**
   * The first argument is a string in which this pattern (a RegExp source, any case) finds a match; with none, the
   * form is told by the number of arguments alone.
   */
  first?: string;
  /** The numbers of arguments the call passes; any when not given. */
  count?: readonly number[];
  optionsArg: readonly number[];
  insertAt: number | null;
  dataArg?: number;
}

/** One option a fix writes: a dotted path into the options object and its value template. */
export interface JsFixEntry {
  path: string;
  value: string;
  /** Said in a suggestion's description, after the option: what the option needs (a library version). */
  note?: string;
  /**
   * The bound also ends a response body that is still arriving (a signal, got's `timeout.request`): on a request
   * whose body is read as a stream (a download, an event stream) the fix is only offered, to be sized.
   */
  endsBody?: boolean;
}

export interface JsOptionFix {
  /**
   * insertOption: keys in the options object; appendCall: `template` chained after the request call
   * (`{{options}}` is the entries as an object literal); statementAfter: `template` as a statement after the
   * one that creates the request object (`{{handle}}` names it, `{{totalMs}}` the value); none: the client takes no
   * option that bounds a request, so no edit is made and `remedy` says what to write.
   */
  kind: 'insertOption' | 'appendCall' | 'statementAfter' | 'none';
  template?: string;
  total: JsFixEntry;
  connect?: JsFixEntry;
  /** More options written before `total` (needle: `response_timeout`, which bounds the wait for headers). */
  also?: readonly JsFixEntry[];
  /** Another option offered as a suggestion beside the fix (axios: a `signal`, which also bounds the body). */
  alternative?: JsFixEntry;
  /** What a missingTimeout message tells to set, when more than the total option bounds a request (Angular's operator). */
  remedy?: string;
  level: 'fix' | 'suggestion';
}

/** A JS/TS client whose bounds are keys of an options object (dotted paths such as `timeout.request`). */
export interface JsClientSpec extends BaseSpec {
  language: 'js';
  /** Named analysis for clients configured by statements rather than an options object. */
  special?: 'xhr-handle' | 'superagent-chain' | 'observable-pipe';
  roots: Readonly<Record<string, readonly JsEntry[]>>;
  /**
   * The library hands itself to the function given to the root or to `.ready()` of the root's result, as its
   * first parameter: jQuery's `jQuery(function ($) { … })` and `$(document).ready(function ($) { … })`.
   */
  readyCallbacks?: boolean;
  calls: readonly JsCallShape[];
  /** Calls that return an instance: its calls (the `calls` paths after the root) inherit these options. */
  instances?: readonly JsCallShape[];
  /**
   * Calls a server framework hands a request handler (auto-imported or imported by that name): inside one, a path URL
   * (`'/api/items'`) that the global `global`, or the handler parameter's own (`event.$fetch`), is given goes to the
   * app's own handler in the process, with no socket (Nitro's `$fetch`): no request to check. Not with a `baseURL`.
   */
  inProcess?: { global: string; within: readonly string[] };
  /**
   * A framework's server-side fetch (a root of an `argumentOf` entry: `load({ fetch })`) in a module only the server
   * runs (file name matching `files`, the doc says `named`): a URL written with no scheme (`'/api/posts'`, `` `api/${id}` ``) is the app's own,
   * answered in the process with no socket: no request to check.
   */
  inProcessFiles?: { files: string; named: string; argumentOf: readonly string[] };
  /**
   * Functions of other packages that hand back the client function given them first, which they call with the
   * caller's own arguments (`require('fetch-retry')(fetch)` retries `fetch(input, init)`): what they return is that
   * client, and its calls are judged as the client's.
   */
  wrappers?: readonly JsEntry[];
  /**
   * A root named, not called, in the array under `key` of an object literal, where a framework makes the instance
   * itself with no options (Nest's `@Module({ imports: [HttpModule] })`): judged there, and fixed by calling the
   * root's `factory` with the options (`HttpModule.register({ timeout })`).
   */
  listed?: readonly { root: string; key: string; factory: string }[];
  /** Paths, after the root or an instance, of objects whose keys are defaults for every call: `['defaults']`. */
  defaults?: readonly (readonly string[])[];
  /** Calls, after the root, whose first argument holds defaults for every call: `['ajaxSetup']`. */
  setup?: readonly (readonly string[])[];
  /**
   * Paths, after the root or an instance, of objects whose `use(fn)` registers a function that may rewrite every
   * request's config (`['interceptors', 'request']`): a function that may write a bound counts as setting it.
   */
  interceptors?: readonly (readonly string[])[];
  /**
   * What `use(…)` is given where it is not such a function: objects whose method of this name may give back a new
   * Request that is sent instead (`onRequest`); only one made with a signal of its own may bound the request.
   */
  interceptorHook?: string;
  /** The library's own connect bound, when it has one: then no missingConnectTimeout is owed. */
  connectDefault?: string;
  /** Options that bound only idle gaps; contract: no error when one is set. */
  idle?: readonly TimeoutOption[];
  /** What the returned request object sets later: `req.setTimeout(ms)` sets `timeout`; `xhr.timeout = ms` too. */
  handle?: {
    methods?: readonly { name: string; option: string }[];
    properties?: readonly string[];
    /** Methods of the request object that return it, so a call chained on them is still on the request: `req.on(…)`. */
    chain?: readonly string[];
    /**
     * Methods that end the request at any phase (`req.destroy()`): run by a timer (or a timed signal's abort), on the
     * request or its socket, they bound it as the total option does.
     */
    aborts?: readonly string[];
    /**
     * Properties of the request (and of its response) that hold its socket (`req.socket`): an abort run on one ends
     * the request as one run on the request does.
     */
    sockets?: readonly string[];
    /**
     * Methods of the request object that hand out what aborts it (wretch AbortAddon's `.controller()`): where the
     * code holds it, a timer may abort it, which the analysis does not follow, so the request counts as bounded.
     */
    handsOutAbort?: readonly string[];
    /**
     * The idle timeout a default agent puts on every socket from Node `since` on (Node 19's global agent: 5 s),
     * which the request emits as `event`: where a listener of it ends the request, the request has that idle bound,
     * when it uses that agent (no `agent` option) and the nearest engines.node allows no older Node.
     */
    agentIdle?: { option: string; event: string; since: number };
    /**
     * What runs once the response's headers are in, handed the response: the call's function argument (`callback`)
     * and listeners of `event` on the request. A bound armed there leaves the wait for the headers unbounded, and a
     * timer that ends the request cleared there bounds no body read after it. `headerMembers` of the response are
     * read off its headers alone, or drop its body (`resume`, `destroy`): any other use may read the body.
     */
    response?: { event: string; callback: boolean; headerMembers: readonly string[] };
  };
  /**
   * The request's promise settles once the response headers arrive, with an object whose body is read after (fetch's
   * Response): a controller's timer cleared then bounds no body read after it. `headerMembers` are read off the
   * headers alone; any other use of the object (a body method, handing it on) may read the body.
   */
  response?: { headerMembers: readonly string[] };
  /**
   * Where a server streams a response body on to its client as it arrives, while the request's bound still runs: a
   * body handed to one of `classes` (`new Response(res.body, init)`) the code does not read at once, and a response
   * returned as it is from a server's request handler, or from a function a module exports under one of
   * `handlers.names` (a route handler), in a file whose path matches one of `handlers.files` (the doc says `named`).
   * A total there also ends a long transfer that is alive: its fix is only offered.
   */
  streamedOn?: { classes: readonly JsEntry[]; handlers: { names: readonly string[]; files: readonly { files: string; named: string }[] } };
  /**
   * Signals a framework hands a function of the code's and aborts only on a cancel of its own, never by a timer: passed
   * on alone, they bound nothing. Catalogue-wide, read for every client.
   */
  untimedSignals?: readonly UntimedSignal[];
  /**
   * A dispatcher a request may name in its options (`option`), honoured by the calls of the `honouredBy` roots: where
   * the code shows its idle bounds (`headers`, `body`: ms, `defaultMs` where not set, 0 none) a message says what they
   * stop, and a fix's total is no shorter than the wait for the headers.
   */
  dispatcher?: { option: string; honouredBy: readonly JsEntry[]; headers: string; body: string; defaultMs: number };
  /**
   * The request the client sends, handed as the first parameter to a listener: of `event` on an instance
   * (`proxy.on('proxyReq', fn)`), or one given under a key of the options (dotted paths in `options`: `on.proxyReq`).
   * Its `method` called there (`proxyReq.setTimeout(ms, cb)`), with a callback, or a listener of `emits` on it, that
   * ends it (one of `aborts`, a throw) sets `option` to that ms, as node:http's `req.setTimeout()` is read.
   */
  requestListener?: { event: string; options: readonly string[]; method: string; emits: string; aborts: readonly string[]; option: string };
  /** Options that do nothing for this client although they look like a timeout: a `note` explains. */
  ignored?: readonly { name: string; note: string }[];
  /**
   * Classes packages export in place of the global AbortController (a polyfill: `module`, and `export` where it is a
   * member of the exports): `new` of one makes a controller, bounded only where a timer aborts it. In Node its signal
   * is not the platform's AbortSignal, whose `AbortSignal.any` does not follow its abort: a fix that combines it is
   * only offered.
   */
  controllerClasses?: readonly { module: string; export?: string }[];
  /**
   * Members of a package's exports that hold data, never request options, and that code spreads into a request's
   * parameters (@actions/github's `{ ...context.repo, issue_number }`): such a spread adds no unknown key.
   */
  dataExports?: readonly { module: string; paths: readonly string[] }[];
  /**
   * Calls, after the root, that make a canceller like an AbortController: an object whose `signal` property is
   * passed as an option and whose `abort` function cancels it (axios `CancelToken.source()`: `token`, `cancel`).
   * It bounds a request only where a timer calls `abort`; `closure`: the function works unbound.
   */
  cancellers?: readonly { path: readonly string[]; signal: string; abort: string; closure: boolean; verb: string }[];
  /**
   * An option's value that makes a request no timeout can bound (`async: false` in jQuery), or an option without which
   * the call sends nothing (`absent`: Apollo Client 3 makes its link only from a `uri`): such requests are not checked.
   */
  unchecked?: readonly ({ name: string; value: Literal; note: string } | { name: string; absent: true; note: string })[];
  /**
   * Types, exported by `module`, of the client's instances: a receiver declared with one (`client: AxiosInstance`)
   * is such an instance even when the analysis cannot see where it was made.
   */
  types?: readonly { module: string; names: readonly string[] }[];
  /**
   * Functions that hand out the instance of a class passed as their first argument, made elsewhere (a dependency
   * injector): when that class is one of `types`, the result is an instance known by its type.
   */
  injectors?: readonly JsEntry[];
  /**
   * Requests that return an Observable (special `observable-pipe`): piping it through one of `operators` with its
   * `method` (`.pipe(timeout(ms))`) bounds it as `option` does. The first operator is the one a fix imports.
   */
  pipe?: { method: string; operators: readonly JsEntry[]; option: string };
  /**
   * Classes whose instance a request call takes in place of its options (Angular's `new HttpRequest(method, url,
   * body?, init?)`): it reads as the options object at argument `init`, or one earlier when the method (argument
   * `methodArg`) is one of `bodyless` and no argument follows that one.
   */
  requestClasses?: readonly { class: JsEntry; methodArg: number; init: number; bodyless: readonly string[] }[];
  fix: JsOptionFix;
}

/**
 * A framework's signal (`untimedSignals`): the `signal` of parameter `param` of a function held under the key `key` of
 * an object literal (TanStack Query's `queryFn: ({ signal }) => …`), or given as argument `argument` of a call of
 * `export` imported from one of `modules`, or of what a call of one of its `sameFrom` methods returns
 * (`createAsyncThunk.withTypes<…>()`); the function written there or a name of the file holding it. The note says it
 * is the `name` signal, aborted only when `abortedWhen`. `aborts`: the member of that parameter, a function that
 * works unbound, which aborts the signal: a timer in the function that calls it (`thunkAPI.abort()`, a destructured
 * `abort()`) bounds the signal, as one calling a controller's `abort()` does.
 */
export type UntimedSignal = { name: string; abortedWhen: string; param: number; aborts?: string } & (
  | { key: string }
  | { modules: readonly string[]; export: string; argument: number; sameFrom?: readonly string[] }
);

export type ClientSpec = CurlHandleSpec | JsClientSpec | PhpSpecialSpec;

/** Identity at run time; gives rule files their type checking. */
export function defineClient<T extends ClientSpec>(spec: T): T {
  return spec;
}
