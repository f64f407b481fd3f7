import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/redaxios',
  language: 'js',
  client: 'redaxios',
  summary: 'redaxios calls and instances from redaxios.create',
  roots: { redaxios: [{ module: 'redaxios' }] },
  calls: [
    // redaxios 0.5.1 src/index.js: redaxios(urlOrConfig, config), .request is redaxios itself.
    { callee: ['redaxios'], optionsArg: [0, 1], insertAt: 1 },
    { callee: ['redaxios', 'request'], optionsArg: [0, 1], insertAt: 1 },
    { callee: ['redaxios', ['get', 'delete', 'head', 'options']], optionsArg: [1], insertAt: 1 },
    { callee: ['redaxios', ['post', 'put', 'patch']], optionsArg: [2], insertAt: 2 },
  ],
  // src/index.js: create(defaults) returns a redaxios whose calls deepMerge(defaults, config); `.defaults` is that object.
  instances: [{ callee: ['redaxios', 'create'], optionsArg: [0], insertAt: 0 }],
  defaults: [['defaults']],
  total: {
    // src/index.js (0.5.1): the request is `(options.fetch || fetch)(url, { method, body, headers, credentials })`:
    // no signal and no timer; only a `fetch` of the caller's own can bound it.
    options: [{ name: 'fetch', unit: 'ms', plainClients: ['js/fetch'] }],
    never: [],
    unset: [null, false, 0, ''],
  },
  connect: null,
  libraryDefault: null,
  // src/index.js (0.5.1) never reads `timeout` or `signal`: the init it hands fetch has neither.
  ignored: [
    { name: 'timeout', note: 'redaxios ignores `timeout`: it hands fetch no timer.' },
    { name: 'signal', note: 'redaxios ignores `signal`: it hands fetch no signal.' },
  ],
  fix: {
    kind: 'insertOption',
    total: { path: 'fetch', value: '(input, init) => fetch(input, { ...init, signal: AbortSignal.timeout({{totalMs}}) })', endsBody: true },
    level: 'fix',
  },
});
