import { defineClient, FETCH_WITH_TIMEOUT_BESIDE_SIGNAL } from '../../src/catalogue/define-client';
import type { JsOptionFix, TimeoutOption } from '../../src/catalogue/define-client';

// @octokit/request 5.6.3 dist-src/fetch-wrapper.js sends with node-fetch and spreads `request` into its options:
// node-fetch 2's `timeout` (ms) bounds the whole request. 6.x (@octokit/core 4) takes the global fetch first, which
// ignores it; 8.x sends only `signal: requestOptions.request?.signal`. @octokit/rest 18, @octokit/core 3 and
// octokit 1 use request 5; @octokit/rest 19, @octokit/core 4 and octokit 2 request 6 (npm dependencies).
const TIMEOUT: TimeoutOption[] = [{ name: 'request.timeout', unit: 'ms' }];
const REST_BEFORE = { module: '@octokit/rest', major: 19 };
const CORE = { module: '@octokit/core', major: 4 };
const UMBRELLA = { module: 'octokit', major: 2 };
// @actions/github 5 depends on @octokit/core 3 (request 5), 6 on @octokit/core 5 (npm dependencies).
const ACTIONS = { module: '@actions/github', major: 6 };
const SENDS = ['request', 'graphql'];
// @octokit/rest 16 and older export the constructor as the module itself, called or `new`ed (16 lib/factory.js:
// `Octokit.bind(null, plugins)`, with `Api.plugin`); 17 exports only `{ Octokit }`. 14 and 15
// lib/parse-client-options.js pick a top-level `timeout` (ms, lib/defaults.js `timeout: 0`: none), the one bound
// they read; 16 moves it under `request` (`clientDefaults.request.timeout = options.timeout`, warning it is
// deprecated) and takes `request` whole, which @octokit/request spreads into node-fetch's options. The fix writes
// the `timeout` all of them read.
const LEGACY_TIMEOUT: TimeoutOption[] = [{ name: 'timeout', unit: 'ms' }, { name: 'request.timeout', unit: 'ms' }];
const LEGACY_FIX: JsOptionFix = { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' };
// `octokit.rest.<namespace>.<method>(parameters)` (@octokit/plugin-rest-endpoint-methods): `request(route, parameters)`
// under a generated name, so a call's own `request` options win there too.
const REST = ['rest', '*', '*'];
// @octokit/plugin-paginate-rest 16.0.0 dist-src/iterator.js sends each page with `requestMethod({ method, url,
// headers })` alone: the `request` options of the parameters are dropped, so a paginate call is bounded only by
// the instance's. No options are read there.
const PAGINATE = [['paginate'], ['paginate', 'iterator']];
// Each Octokit class, with the version before which `request.timeout` is honoured.
const CLASSES = [['OctokitRest', REST_BEFORE], ['OctokitCore', CORE], ['Octokit', UMBRELLA]] as const;

export default defineClient({
  id: 'js/octokit',
  language: 'js',
  client: 'Octokit',
  summary: 'Octokit instances (@octokit/rest, @octokit/core, octokit, @actions/github\'s getOctokit), which send every GitHub API call they make',
  roots: {
    OctokitRest: [{ module: '@octokit/rest', export: 'Octokit' }],
    OctokitRestLegacy: [{ module: '@octokit/rest' }],
    OctokitCore: [{ module: '@octokit/core', export: 'Octokit' }],
    Octokit: [{ module: 'octokit', export: 'Octokit' }],
    getOctokit: [{ module: '@actions/github', export: 'getOctokit' }],
  },
  // `request(route, parameters)`, `graphql(query, parameters)`: a call's own `request` options win over the defaults.
  // @octokit/endpoint src/merge.ts: a route that is no string is the parameters (`request({ method, url,
  // request })`); @octokit/graphql src/graphql.ts: `typeof query === "string" ? Object.assign({ query },
  // options) : query`, so `graphql({ query, request })` too. The second argument is then not read. A first argument
  // not seen to be an object is the route or query (`graphql(QUERY)`, QUERY read from a file): `optionsIfObject`.
  // @octokit/core has `rest` and `paginate` once a class adds their plugins (`Octokit.plugin(restEndpointMethods)`).
  calls: [
    ...CLASSES.flatMap(([root, before]) => [
      { callee: [root, SENDS], optionsArg: [0, 1], optionsIfObject: true, insertAt: 1, total: TIMEOUT, totalBefore: before },
      { callee: [root, ...REST], optionsArg: [0], insertAt: 0, total: TIMEOUT, totalBefore: before },
      ...PAGINATE.map((p) => ({ callee: [root, ...p], optionsArg: [], insertAt: null })),
    ]),
    // @actions/github 9.1.1 lib/utils.js: `GitHub = Octokit.plugin(restEndpointMethods, paginateRest)`, an Octokit.
    // A `request.fetch` given there would take the place of its proxy fetch: no fix (`fixless`).
    { callee: ['getOctokit()', SENDS], optionsArg: [0, 1], optionsIfObject: true, insertAt: 1, total: TIMEOUT, totalBefore: ACTIONS, fixless: true },
    { callee: ['getOctokit()', ...REST], optionsArg: [0], insertAt: 0, total: TIMEOUT, totalBefore: ACTIONS, fixless: true },
    ...PAGINATE.map((p) => ({ callee: ['getOctokit()', ...p], optionsArg: [], insertAt: null, fixless: true })),
    // @octokit/rest 16 `octokit.request(route, parameters)` and `paginate`: a call's `request` options go to node-fetch
    // too; 15 reads none there, so no fix is written in a call (`fixless`).
    { callee: ['OctokitRestLegacy', 'request'], optionsArg: [0, 1], optionsIfObject: true, insertAt: 1, total: TIMEOUT, fixless: true },
    ...PAGINATE.map((p) => ({ callee: ['OctokitRestLegacy', ...p], optionsArg: [], insertAt: null, fixless: true })),
  ],
  // @octokit/core 5.2.2 dist-src/index.js: the constructor's `request` options are the defaults of every request
  // (`requestDefaults.request = Object.assign({}, options.request, { hook })`), `rest.*`, `graphql` and `paginate` too.
  // `Octokit.plugin(a, b)` and `Octokit.defaults(options)` make a class (`class extends this`), itself a root of
  // both, whose `new` makes the Octokit. @octokit/core 7.0.6 dist-src/index.js `defaults`: `super(Object.assign({},
  // defaults, options))`, so a `request` given to `new` replaces the class's whole (`assignsOverParent`).
  instances: [
    ...CLASSES.flatMap(([root, before]) => [
      { callee: [root], construct: true, optionsArg: [0], insertAt: 0, total: TIMEOUT, totalBefore: before, assignsOverParent: true },
      { callee: [root, 'defaults'], optionsArg: [0], insertAt: 0, total: TIMEOUT, totalBefore: before, assignsOverParent: true },
      { callee: [root, 'plugin'], optionsArg: [], insertAt: null },
    ]),
    // @actions/github 9.1.1 lib/github.js: `getOctokit(token, options)` is `new GitHub(options)` with its token; the
    // defaults' `request.fetch` (lib/internal/utils.js getProxyFetch) is undici's fetch with a proxy's dispatcher or
    // none, whose 300 s idle bounds are no timeout, as the global fetch's are not. @octokit/core 7.0.8
    // dist-src/index.js `defaults`: `Object.assign({}, defaults, options)`, so a `request` given replaces the
    // defaults' whole (proxy fetch and agent): a `request.fetch` fix would send without the proxy (`fixless`).
    { callee: ['getOctokit'], optionsArg: [1], insertAt: 1, total: TIMEOUT, totalBefore: ACTIONS, makes: 'getOctokit()', fixless: true },
    ...[false, true].map((construct) => ({ callee: ['OctokitRestLegacy'], construct, optionsArg: [0], insertAt: 0, total: LEGACY_TIMEOUT, fix: LEGACY_FIX })),
    { callee: ['OctokitRestLegacy', 'plugin'], optionsArg: [], insertAt: null },
  ],
  types: [
    { module: '@octokit/rest', names: ['Octokit'] },
    { module: '@octokit/core', names: ['Octokit'] },
    { module: 'octokit', names: ['Octokit'] },
  ],
  total: {
    options: [
      // @octokit/request 8.4.1–10.0.16 fetch-wrapper.js: `fetch(url, { …, signal: requestOptions.request?.signal })`.
      { name: 'request.signal', unit: 'ms' },
      // `const fetch = requestOptions.request?.fetch || globalThis.fetch`: one of the code's own may bound each call.
      { name: 'request.fetch', unit: 'ms', plainClients: ['js/fetch'] },
    ],
    never: [],
    unset: [null, false, 0, ''],
  },
  connect: null,
  libraryDefault: null,
  // @actions/github 9.1.1 lib/context.js: `get repo()` is `{ owner, repo }`, `get issue()` `{ ...this.repo, number }`,
  // spread into the parameters of nearly every call an Action makes (`{ ...context.repo, issue_number }`).
  dataExports: [{ module: '@actions/github', paths: ['context.repo', 'context.issue'] }],
  fix: {
    kind: 'insertOption',
    // A signal in the constructor's options is made once and shared by every request: the fix is a fetch that adds
    // a timeout beside the signal each request is given. It calls the global fetch, which @octokit/request 5
    // (node-fetch) did not need: offered.
    total: {
      path: 'request.fetch',
      value: FETCH_WITH_TIMEOUT_BESIDE_SIGNAL,
      endsBody: true,
    },
    remedy: 'request: { fetch } with a fetch of its own that adds AbortSignal.timeout(ms), or request: { signal: AbortSignal.timeout(ms) } in each call\'s parameters',
    level: 'suggestion',
  },
});
