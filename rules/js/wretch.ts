import { defineClient } from '../../src/catalogue/define-client';

// wretch 2.11.1 dist/types.d.ts: these Wretch methods return a new Wretch (the chain is immutable: core.js spreads
// `this` into each), carrying the options on; none of them bounds time.
const SAME = ['url', 'headers', 'accept', 'content', 'auth', 'catcher', 'catcherFallback', 'errorType', 'body', 'json', 'addon', 'query', 'formData', 'formUrl'];

export default defineClient({
  id: 'js/wretch',
  language: 'js',
  client: 'wretch',
  summary: 'wretch chains: wretch(url, options), their .options() and verbs, and AbortAddon\'s .setTimeout()',
  roots: { wretch: [{ module: 'wretch' }, { module: 'wretch/all' }] },
  calls: [
    // types.d.ts: get/delete/head/opts(url?), post/put/patch(body?, url?), fetch(method?, url?, body?) send it.
    { callee: ['wretch', ['get', 'delete', 'head', 'opts', 'post', 'put', 'patch', 'fetch']], optionsArg: [], insertAt: null },
  ],
  // A wretch is a set of options each request copies, not a client made once: the requests are judged, and
  // reported, where they are sent. A method not listed here (`defer`, `resolve`, `middlewares`, `polyfills`, the
  // AbortAddon's `signal`) may change the request in ways not followed: a request sent after one is not checked.
  instances: [
    // index.d.ts: `factory(_url?, _options?)`; core.js `options(options, replace)` mixes them into the chain's.
    { callee: ['wretch'], optionsArg: [1], insertAt: null, perRequest: true },
    { callee: ['wretch', 'options'], optionsArg: [0], insertAt: null, perRequest: true },
    { callee: ['wretch', SAME], optionsArg: [], insertAt: null, perRequest: true },
  ],
  // config.js setOptions: `wretch.options(o)` mixes o into the options every later wretch starts with.
  setup: [['options']],
  total: {
    options: [
      // The fetch init's signal (core.js passes `_options` to fetch), body included.
      { name: 'signal', unit: 'ms' },
      // addons/abort.js: `.setTimeout(ms)` on the response chain aborts the addon's own controller, whose signal the
      // request gets only when it has none (`if (!options.signal && fetchController)`): beside a signal it bounds nothing.
      // Read under its method's name: a `timeout` in the options is a fetch init key, which fetch ignores.
      { name: 'setTimeout', unit: 'ms', ignoredWith: 'signal' },
    ],
    never: [],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  ignored: [{ name: 'timeout', note: 'wretch hands `timeout` to fetch, which ignores it.' }],
  handle: {
    // addons/abort.js resolver: `setTimeout(time, controller)` returns the response chain.
    methods: [{ name: 'setTimeout', option: 'setTimeout' }],
    // types.d.ts WretchResponseChain: these return the chain; `.timeout(cb)` is a catcher for HTTP 408, not a bound.
    chain: ['error', 'badRequest', 'unauthorized', 'forbidden', 'notFound', 'timeout', 'internalError', 'fetchError', 'onAbort', 'setTimeout', 'progress'],
    // addons/abort.js: `controller()` returns `[fetchController, chain]`: the code may abort it from a timer.
    handsOutAbort: ['controller'],
  },
  fix: {
    kind: 'none',
    total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})' },
    remedy: '.options({ signal: AbortSignal.timeout(ms) }) on each request\'s chain, or AbortAddon\'s .setTimeout(ms) after the verb',
    level: 'suggestion',
  },
});
