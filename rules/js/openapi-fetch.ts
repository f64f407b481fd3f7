import { defineClient } from '../../src/catalogue/define-client';

// openapi-fetch 0.17.0 dist/index.mjs: the client's methods, each `coreFetch(url, { ...init, method })`.
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

export default defineClient({
  id: 'js/openapi-fetch',
  language: 'js',
  client: 'openapi-fetch',
  summary: 'the clients openapi-fetch\'s createClient() makes, and their GET(), POST() … and request() calls',
  // dist/index.mjs: `export { createClient as default }`; dist/index.cjs: `exports.default = createClient`.
  roots: { createClient: [{ module: 'openapi-fetch' }] },
  calls: [
    // `GET(url, init)`: the init's other keys (`signal` among them) go into the Request fetch is handed.
    { callee: ['createClient', METHODS], optionsArg: [1], insertAt: 1 },
    // `request(method, url, init)`.
    { callee: ['createClient', 'request'], optionsArg: [2], insertAt: 2 },
  ],
  // createClient(clientOptions): `fetch`, and the keys it does not name (`...baseOptions`, `signal` among them),
  // apply to every request, under the request's own (`{ redirect, ...baseOptions, ...init }`).
  instances: [{ callee: ['createClient'], optionsArg: [0], insertAt: 0 }],
  // `client.use(...middleware)`: objects; coreFetch awaits each `onRequest({ request, … })` and sends a Request it
  // returns instead (a Response is used unsent; nothing keeps the request). A Request's signal is read-only, so
  // only a new Request made with a signal bounds it.
  interceptors: [[]],
  interceptorHook: 'onRequest',
  types: [{ module: 'openapi-fetch', names: ['Client'] }],
  total: {
    options: [
      // `new Request(url, requestInit)` with the request's signal; nothing else times it out.
      { name: 'signal', unit: 'ms' },
      // `fetch = baseFetch` (`globalThis.fetch` unless given): one of the code's own may bound each call.
      { name: 'fetch', unit: 'ms', plainClients: ['js/fetch'] },
      // A request's own middleware, run as the client's are.
      { name: 'middleware', unit: 'ms' },
    ],
    never: [],
    unset: [null, false, 0, ''],
  },
  connect: null,
  libraryDefault: null,
  ignored: [{ name: 'timeout', note: 'openapi-fetch hands `timeout` to fetch, which ignores it.' }],
  fix: {
    kind: 'insertOption',
    // A signal in createClient's options would be made once and shared: the fix is a fetch that adds a timeout to
    // each call, beside the signal of the Request it is handed (`fetch(request, requestInitExt)`). It hands on the
    // Request alone (index.d.ts: `fetch?: (input: Request) => Promise<Response>`), dropping a `requestInitExt`: offered.
    total: { path: 'fetch', value: '(input) => fetch(input, { signal: AbortSignal.any([input.signal, AbortSignal.timeout({{totalMs}})]) })', endsBody: true },
    remedy: 'signal: AbortSignal.timeout(ms) in each request\'s options, or a fetch in createClient\'s options that adds one',
    level: 'suggestion',
  },
});
