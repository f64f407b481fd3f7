import { defineClient } from '../../src/catalogue/define-client';

// graphql-request 7.4.0 build/legacy: the first argument is the options object when it has these keys
// (`parseRequestArgs`: `documentOrOptions.document ? documentOrOptions : { document: documentOrOptions, … }`).
const OPTIONS_KEYS = ['document', 'query', 'documents', 'url', 'signal'];
const METHODS = ['request', 'rawRequest', 'batchRequests'];

export default defineClient({
  id: 'js/graphql-request',
  language: 'js',
  client: 'graphql-request',
  summary: 'graphql-request\'s request(), rawRequest(), batchRequests() and GraphQLClient instances',
  roots: {
    GraphQLClient: [{ module: 'graphql-request', export: 'GraphQLClient' }],
    // build/entrypoints/main.js: `export default request`.
    request: [{ module: 'graphql-request', export: 'request' }, { module: 'graphql-request' }],
    rawRequest: [{ module: 'graphql-request', export: 'rawRequest' }],
    batchRequests: [{ module: 'graphql-request', export: 'batchRequests' }],
  },
  calls: [
    // build/legacy/classes/GraphQLClient.js: request(document | { document, signal }, variables?, headers?), rawRequest
    // and batchRequests alike; a per-request `signal` replaces the client's (`fetchOptions.signal = …signal`).
    { callee: ['GraphQLClient', METHODS], optionsArg: [0], insertAt: null, optionsAlone: true, optionsWith: OPTIONS_KEYS },
    // build/legacy/functions/request.js: request(url, document, …) or request({ url, document, signal }); it makes
    // `new GraphQLClient(url)` with no config, so only the options' `signal` reaches fetch.
    { callee: ['request'], optionsArg: [0], insertAt: null, optionsAlone: true, optionsWith: OPTIONS_KEYS },
    { callee: ['rawRequest'], optionsArg: [0], insertAt: null, optionsAlone: true, optionsWith: OPTIONS_KEYS },
    { callee: ['batchRequests'], optionsArg: [0], insertAt: null, optionsAlone: true, optionsWith: OPTIONS_KEYS },
  ],
  // GraphQLClient.js: `constructor(url, requestConfig = {})`; each request spreads the rest of requestConfig (signal
  // included) into the fetch init (helpers/runRequest.js: `{ method, headers, body, ...params.fetchOptions }`).
  instances: [{ callee: ['GraphQLClient'], construct: true, optionsArg: [1], insertAt: 1 }],
  types: [{ module: 'graphql-request', names: ['GraphQLClient'] }],
  total: {
    options: [
      { name: 'signal', unit: 'ms' },
      // GraphQLClient.js: `fetch = globalThis.fetch` unless the config gives one, which may bound each call.
      { name: 'fetch', unit: 'ms', plainClients: ['js/fetch'] },
      // runRequest.js: the middleware's result is the init fetch gets: it may add a signal (counts as set).
      { name: 'requestMiddleware', unit: 'ms' },
    ],
    never: [],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  ignored: [{ name: 'timeout', note: 'graphql-request hands `timeout` to fetch, which ignores it.' }],
  fix: {
    kind: 'insertOption',
    // A signal written in a GraphQLClient's config is made once and shared by its requests: the fix writes one only
    // in a request's own options object.
    total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true },
    remedy: 'signal: AbortSignal.timeout(ms) in each request\'s options ({ document, signal }), or a fetch in the client\'s config that adds one',
    level: 'fix',
  },
});
