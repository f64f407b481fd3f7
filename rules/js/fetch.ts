import { defineClient } from '../../src/catalogue/define-client';
import { OFETCH } from './ofetch';

export default defineClient({
  id: 'js/fetch',
  language: 'js',
  client: 'fetch',
  summary: 'the global fetch (also globalThis/window/self), node-fetch, undici, Electron\'s net.fetch, Bun.fetch, cross-fetch, isomorphic-fetch, isomorphic-unfetch, node-fetch-native, @whatwg-node/fetch, ofetch.native, the fetch SvelteKit hands load, request handlers and form actions',
  roots: {
    fetch: [
      { global: 'fetch' },
      { module: 'undici', export: 'fetch' },
      { module: 'cross-fetch' },
      { module: 'cross-fetch', export: 'fetch' },
      { module: 'isomorphic-fetch' },
      // isomorphic-unfetch: the global fetch where there is one, node-fetch 2 in Node; both take a signal.
      { module: 'isomorphic-unfetch' },
      { module: 'whatwg-fetch', export: 'fetch' },
      // ofetch's index.d.ts: `fetch` is typeof globalThis.fetch.
      { module: 'ofetch', export: 'fetch' },
      { module: 'ofetch/node', export: 'fetch' },
      // node-fetch-native 1.6.7 dist/index.mjs, lib/index.cjs: the default export and `fetch` are globalThis.fetch, else
      // its bundled node-fetch 3 (no `timeout`; the init's signal aborts it); `/native` is globalThis.fetch, `/node`
      // the bundled node-fetch; `/proxy`'s `fetch` hands the init on with an agent added (dist/proxy.cjs).
      { module: 'node-fetch-native' },
      { module: 'node-fetch-native', export: 'fetch' },
      { module: 'node-fetch-native/node' },
      { module: 'node-fetch-native/node', export: 'fetch' },
      { module: 'node-fetch-native/native' },
      { module: 'node-fetch-native/native', export: 'fetch' },
      { module: 'node-fetch-native/proxy', export: 'fetch' },
      // @whatwg-node/fetch 0.10.13 dist/node-ponyfill.js: `fetch` is @whatwg-node/node-fetch's (node:http or libcurl,
      // no timer of its own, the init's signal aborts it), or globalThis.fetch on Deno, Bun and Next.js.
      { module: '@whatwg-node/fetch', export: 'fetch' },
      // http-clients.md, Next.js and SvelteKit fetch: SvelteKit hands `load` a wrapper around fetch; treat it as fetch.
      // Its request handlers get the same `event.fetch` (kit.svelte.dev/docs/types#public-types-requestevent).
      { argumentOf: 'load', export: 'fetch' },
      { argumentOf: 'GET', export: 'fetch' },
      { argumentOf: 'POST', export: 'fetch' },
      { argumentOf: 'PUT', export: 'fetch' },
      { argumentOf: 'PATCH', export: 'fetch' },
      { argumentOf: 'DELETE', export: 'fetch' },
      // svelte.dev/docs/kit/form-actions: each action of `export const actions = {…}` receives a RequestEvent too.
      { argumentOfEach: 'actions', export: 'fetch' },
    ],
    nodeFetch: [{ module: 'node-fetch' }],
    // Electron lib/browser/api/net-fetch.ts: `net.fetch(input, init)` makes `new Request(input, init)` and sends it on
    // Chromium's stack through `net.request`; only completion, an error or that Request's signal (`r.abort()`) end it.
    electronNet: [{ module: 'electron', export: 'net' }, { module: 'electron/main', export: 'net' }],
    // `session.defaultSession.fetch(input, init)`: the same fetchWithSession, on the default session.
    electronSession: [{ module: 'electron', export: 'session' }, { module: 'electron/main', export: 'session' }],
    // ofetch src/fetch.ts: `$fetch.native = (...args) => fetch(...args)`, plain fetch without ofetch's options.
    ofetch: OFETCH,
    // bun.sh/reference BunFetchRequestInit: `Bun.fetch` is Bun's fetch, the global one; its only default is a socket
    // idle timer of 5 min (BUN_CONFIG_HTTP_IDLE_TIMEOUT), reset by every byte, so a drip holds it; AbortSignal ends it.
    Bun: [{ global: 'Bun' }],
  },
  // fetch-retry 6.0.0 index.js: `return function fetchRetry(input, init) { … fetch(_input, init) … }`, the init as
  // given (its own keys `retries`, `retryDelay`, `retryOn` ride along): a signal there bounds every attempt.
  wrappers: [{ module: 'fetch-retry' }],
  // @sveltejs/kit src/runtime/server/fetch.js: on the server, a URL of the app's own origin (a relative one is resolved
  // against event.url) is rendered by `respond()` in the process. +server, *.server and hooks.server modules run there only.
  inProcessFiles: {
    files: '(?:^|[\\/])(?:\\+server|\\+(?:page|layout)\\.server|hooks\\.server)\\.[cm]?[jt]s$',
    named: '+server, +page.server, +layout.server, hooks.server',
    argumentOf: ['load', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'actions'],
  },
  calls: [
    // Fetch standard: fetch(input, init) takes the signal of a Request passed as input, unless init sets one.
    { callee: ['fetch'], optionsArg: [1], insertAt: 1, requestObject: 'Request' },
    // node-fetch v2 honours `timeout` (lib/index.js:187, http-clients.md); v3 ignores it [EXP: stall still running
    // at 9 s]. The version is read from the node_modules or package.json the file runs with; none: honoured
    // (contract: what the analysis cannot tell counts as set).
    { callee: ['nodeFetch'], optionsArg: [1], insertAt: 1, total: [{ name: 'timeout', unit: 'ms' }], totalBefore: { module: 'node-fetch', major: 3 } },
    { callee: ['ofetch', 'native'], optionsArg: [1], insertAt: 1 },
    { callee: ['electronNet', 'fetch'], optionsArg: [1], insertAt: 1, requestObject: 'Request' },
    { callee: ['electronSession', 'defaultSession', 'fetch'], optionsArg: [1], insertAt: 1, requestObject: 'Request' },
    { callee: ['Bun', 'fetch'], optionsArg: [1], insertAt: 1, requestObject: 'Request' },
  ],
  // Fetch standard: RequestInit has no timeout; only an aborting `signal` bounds the request, body included.
  // The never values are node-fetch v2's `timeout` (a signal has none): lib/index.js:187 `init.timeout || 0`,
  // so 0, null and false all arm no timer (http-clients.md, node-fetch: default 0 = none).
  total: { options: [{ name: 'signal', unit: 'ms' }], never: [0, null, false], unset: [] },
  // RequestInit has no connect option; Node's undici connects within 10 s by default (http-clients.md).
  connect: null,
  libraryDefault: null,
  // http-clients.md [EXP]: fetch(stall, { timeout: 1000 }) was still pending at 9 s. Bun's fetch takes `timeout` as its
  // socket idle timer (bun.sh BunFetchRequestInit.timeout: "not a whole-request deadline"), so it bounds no total either.
  // Fetch standard: fetch()'s promise resolves with the Response once its headers arrive; the body is read after
  // (json(), text(), body…), and the signal still aborts that read. These members are the headers' alone.
  response: { headerMembers: ['ok', 'status', 'statusText', 'headers', 'url', 'redirected', 'type', 'bodyUsed'] },
  // A Response made from a body stream (Fetch standard: `new Response(body, init)`; Next.js's NextResponse extends
  // Response) and a Response a handler returns are sent on by the server as the body arrives, the request's signal
  // still running. Functions exported under an HTTP method's name are route handlers only where a framework reads
  // them: Next.js app/**/route.(js|ts) (nextjs.org/docs/app/api-reference/file-conventions/route), SvelteKit
  // +server.(js|ts) (svelte.dev/docs/kit/routing#server), Astro endpoints, .js/.ts files in src/pages (`ALL` too:
  // docs.astro.build/en/guides/endpoints), and those below. Elsewhere (`lib/api.ts`, a front end's `src/api/`) an
  // exported GET is a client's own wrapper; so is one in Next.js's app/api/ outside a route file.
  streamedOn: {
    classes: [{ global: 'Response' }, { module: 'next/server', export: 'NextResponse' }],
    handlers: {
      names: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'ALL'],
      files: [
        { files: '(?:^|[\\/])app[\\/](?:[^\\/]+[\\/])*route\\.[cm]?[jt]sx?$', named: 'app/**/route.ts' },
        { files: '(?:^|[\\/])\\+server\\.[cm]?[jt]s$', named: '+server.ts' },
        { files: '(?:^|[\\/])src[\\/]pages[\\/](?:[^\\/]+[\\/])*[^\\/]+\\.[cm]?[jt]s$', named: 'src/pages/**/*.ts' },
        // SolidStart API routes (docs.solidjs.com/solid-start/building-your-application/api-routes), Expo Router
        // API routes (docs.expo.dev/router/web/api-routes: app/**/name+api.ts), Vercel functions with no framework
        // (vercel.com/docs/functions: api/*.ts exporting GET, POST, …).
        { files: '(?:^|[\\/])src[\\/]routes[\\/](?:[^\\/]+[\\/])*[^\\/]+\\.[cm]?[jt]sx?$', named: 'src/routes/**/*.ts' },
        { files: '\\+api\\.[cm]?[jt]sx?$', named: 'app/**/*+api.ts' },
        { files: '(?:^|[\\/])(?<!(?:src|app)[\\/])api[\\/](?:[^\\/]+[\\/])*[^\\/]+\\.[cm]?[jt]s$', named: 'api/**/*.ts' },
      ],
    },
  },
  untimedSignals: [
    // TanStack Query guides/query-cancellation: each query function is given a signal, aborted "when a query becomes
    // out-of-date or inactive" (cancelled), by no timer of its own.
    { key: 'queryFn', param: 0, name: 'queryFn', abortedWhen: 'the query is cancelled' },
    // Redux Toolkit src/createAsyncThunk.ts: `payloadCreator(arg, { …, signal: abortController.signal, abort })`; only
    // `abort(reason)`, a method of the promise dispatch() returns (or the thunkAPI's), aborts that controller. The
    // thunkAPI's is `function abort(reason) { abortReason = reason; abortController.abort() }`, which runs unbound.
    // `createAsyncThunk.withTypes = () => createAsyncThunk`; src/react/index.ts: `export * from '@reduxjs/toolkit'`.
    {
      modules: ['@reduxjs/toolkit', '@reduxjs/toolkit/react'],
      export: 'createAsyncThunk',
      argument: 1,
      param: 1,
      sameFrom: ['withTypes'],
      aborts: 'abort',
      name: 'createAsyncThunk',
      abortedWhen: 'the thunk\'s abort() is called',
    },
  ],
  // abort-controller 3.0.0 dist/abort-controller.js: `module.exports = AbortController`, also as `.AbortController` and
  // `.default`, an EventTarget polyfill in Node (its browser.js gives the global one). node-abort-controller: v1 and v2
  // `module.exports = AbortController` (and `.default`), v3 `exports.AbortController`, EventEmitter-based in Node.
  controllerClasses: [
    { module: 'abort-controller' },
    { module: 'abort-controller', export: 'AbortController' },
    { module: 'abort-controller', export: 'default' },
    { module: 'node-abort-controller' },
    { module: 'node-abort-controller', export: 'AbortController' },
    { module: 'node-abort-controller', export: 'default' },
  ],
  // Node doc/api/globals.md, "Custom dispatcher": Node's fetch, as undici's, sends through the undici dispatcher its
  // init names. http-clients.md (undici): headersTimeout bounds the wait for the headers and bodyTimeout each gap
  // between body chunks, 300 000 ms each by default, 0 none: they stop a silent server, never a drip.
  dispatcher: { option: 'dispatcher', honouredBy: [{ global: 'fetch' }, { module: 'undici', export: 'fetch' }], headers: 'headersTimeout', body: 'bodyTimeout', defaultMs: 300_000 },
  ignored: [{ name: 'timeout', note: 'fetch has no `timeout` option and ignores it (Bun\'s takes it as an idle timer only).' }],
  fix: { kind: 'insertOption', total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true }, level: 'fix' },
});
