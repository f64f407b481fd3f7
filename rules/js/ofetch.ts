import { defineClient } from '../../src/catalogue/define-client';

/** Where ofetch is reached (js/fetch reads `.native` on it: plain fetch). */
export const OFETCH = [
  { module: 'ofetch', export: 'ofetch' },
  { module: 'ofetch', export: '$fetch' },
  { module: 'ofetch/node', export: 'ofetch' },
  { module: 'ofetch/node', export: '$fetch' },
  // Nuxt auto-imports $fetch: a `$fetch` the file does not bind is that global.
  { global: '$fetch' },
  // Nitro's event handlers (h3's, auto-imported or imported): `event.$fetch` is the global $fetch, forwarding the
  // request's headers and context (nitropack runtime/internal/app: `event.$fetch = (req, init) => fetchWithEvent(event,
  // req, init, { fetch: $fetch })`).
  { argumentOfCall: 'defineEventHandler', export: '$fetch' },
  { argumentOfCall: 'eventHandler', export: '$fetch' },
  { argumentOfCall: 'defineCachedEventHandler', export: '$fetch' },
];

export default defineClient({
  id: 'js/ofetch',
  language: 'js',
  client: 'ofetch',
  summary: 'ofetch and $fetch (also the Nuxt global), .raw, and instances from .create() and createFetch()',
  roots: {
    ofetch: OFETCH,
    createFetch: [{ module: 'ofetch', export: 'createFetch' }, { module: 'ofetch/node', export: 'createFetch' }],
    // Nuxt's useRequestFetch() hands back $fetch (the server's, forwarding the request's headers, or the browser's):
    // auto-imported, or from #app, #imports, nuxt/app.
    requestFetch: [
      { global: 'useRequestFetch' }, { module: '#app', export: 'useRequestFetch' },
      { module: '#imports', export: 'useRequestFetch' }, { module: 'nuxt/app', export: 'useRequestFetch' },
    ],
  },
  // nitropack runtime/internal/app.ts: `$fetch = createFetch({ fetch: localFetch })`, and `localFetch` hands an input
  // starting with `/` to the app's own handler (`fetchNodeRequestHandler`); only other inputs reach globalThis.fetch.
  inProcess: { global: '$fetch', within: ['defineEventHandler', 'eventHandler', 'defineCachedEventHandler'] },
  calls: [
    // ofetch(url, options), ofetch.raw(url, options); `.native` is plain fetch (js/fetch).
    { callee: ['ofetch'], optionsArg: [1], insertAt: 1 },
    { callee: ['ofetch', 'raw'], optionsArg: [1], insertAt: 1 },
  ],
  // http-clients.md ("Where defaults live"): ofetch `create`; a call's own options override them.
  // `createFetch(globalOptions)` makes one whose calls take `globalOptions.defaults` (`create` merges into those).
  instances: [
    // src/fetch.ts: `create(defaults, globalOptions)` makes `createFetch({ defaults: { ...globalOptions.defaults, ...defaults } })`.
    { callee: ['ofetch', 'create'], optionsArg: [0], insertAt: 0, keyedArg: { index: 1, key: 'defaults' } },
    { callee: ['createFetch'], optionsArg: [0], insertAt: 0, optionsKey: 'defaults', makes: 'ofetch' },
    // It takes no options: each request it sends is judged, and fixed, alone.
    { callee: ['requestFetch'], optionsArg: [], insertAt: null, makes: 'ofetch', perRequest: true },
  ],
  types: [{ module: 'ofetch', names: ['$Fetch'] }],
  total: {
    options: [
      // http-clients.md: `timeout` (ms), default none, armed only when `!context.options.signal && context.options.timeout`;
      // it is cleared before the body is parsed [EXP: a drip completed after 3.6 s].
      { name: 'timeout', unit: 'ms', ignoredWith: 'signal' },
      // A signal passed in bounds the request by whatever aborts it (http-clients.md fix: "or your own signal").
      { name: 'signal', unit: 'ms' },
    ],
    // The quoted condition arms no timer for a falsy `timeout`.
    never: [0, null, false],
    unset: [],
  },
  // No connect option; undici's 10 s connect bound sits underneath in Node (http-clients.md summary).
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
