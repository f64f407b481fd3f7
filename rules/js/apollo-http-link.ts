import { defineClient, FETCH_WITH_TIMEOUT_BESIDE_SIGNAL } from '../../src/catalogue/define-client';

// @apollo/client 4.3.8 core/index.js and link/http/index.js export HttpLink and createHttpLink; 3.x had them there too.
const LINK_MODULES = ['@apollo/client', '@apollo/client/core', '@apollo/client/link/http'];

export default defineClient({
  id: 'js/apollo-http-link',
  language: 'js',
  client: 'Apollo HttpLink',
  summary: 'the HttpLink of @apollo/client (new HttpLink, createHttpLink, BaseHttpLink, BatchHttpLink), which sends every operation',
  roots: {
    HttpLink: LINK_MODULES.map((module) => ({ module, export: 'HttpLink' })),
    BaseHttpLink: [{ module: '@apollo/client/link/http', export: 'BaseHttpLink' }],
    // link/batch-http/BaseBatchHttpLink.js: the same `preferredFetch || fetch` and `fetchOptions`, for a batch of
    // operations; BatchHttpLink wraps it as HttpLink wraps BaseHttpLink.
    BatchHttpLink: [
      { module: '@apollo/client/link/batch-http', export: 'BatchHttpLink' },
      { module: '@apollo/client/link/batch-http', export: 'BaseBatchHttpLink' },
    ],
    createHttpLink: LINK_MODULES.map((module) => ({ module, export: 'createHttpLink' })),
  },
  // link/http/HttpLink.js: `createHttpLink = (options = {}) => new HttpLink(options)`; each operation the link is handed
  // is sent as `currentFetch(chosenURI, options)` with these options (BaseHttpLink.js).
  calls: [
    { callee: ['HttpLink'], construct: true, optionsArg: [0], insertAt: 0 },
    { callee: ['BaseHttpLink'], construct: true, optionsArg: [0], insertAt: 0 },
    { callee: ['BatchHttpLink'], construct: true, optionsArg: [0], insertAt: 0 },
    { callee: ['createHttpLink'], optionsArg: [0], insertAt: 0 },
  ],
  total: {
    options: [
      // BaseHttpLink.js: `currentFetch = preferredFetch || … fetch`: a fetch of the caller's own may bound each call;
      // the global one there is what the link uses anyway.
      { name: 'fetch', unit: 'ms', plainClients: ['js/fetch'] },
      // BaseHttpLink.js: `options.signal` (the link's `fetchOptions`, under an operation's context) aborts the
      // controller whose signal each fetch gets. The link's is made once: a timed one fires once, then bounds nothing
      // (an aborted signal fires no more abort events).
      { name: 'fetchOptions.signal', unit: 'ms', sharedSignal: true },
    ],
    never: [],
    unset: [null, false, 0, ''],
  },
  connect: null,
  libraryDefault: null,
  ignored: [{ name: 'fetchOptions.timeout', note: 'fetch has no `timeout` option and ignores it.' }],
  fix: {
    kind: 'insertOption',
    // BaseHttpLink.js sets `options.signal = controller.signal` before each fetch (the link's unsubscribe aborts it):
    // the fix keeps that signal beside its timeout.
    total: {
      path: 'fetch',
      value: FETCH_WITH_TIMEOUT_BESIDE_SIGNAL,
      endsBody: true,
    },
    remedy: 'a fetch of its own whose calls add AbortSignal.timeout(ms) to the signal the link passes',
    level: 'fix',
  },
});
