import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/ohmyfetch',
  language: 'js',
  client: 'ohmyfetch',
  summary: 'ohmyfetch (ofetch before 1.0): $fetch, .raw, and instances from .create() and createFetch()',
  roots: {
    // ohmyfetch 0.4.21 package.json exports `.`, `./node`, `./undici`; each dist module exports `$fetch` and `createFetch`.
    ohmyfetch: [
      { module: 'ohmyfetch', export: '$fetch' },
      { module: 'ohmyfetch/node', export: '$fetch' },
      { module: 'ohmyfetch/undici', export: '$fetch' },
    ],
    createFetch: [
      { module: 'ohmyfetch', export: 'createFetch' },
      { module: 'ohmyfetch/node', export: 'createFetch' },
      { module: 'ohmyfetch/undici', export: 'createFetch' },
    ],
  },
  calls: [
    // dist/shared/ohmyfetch.*.mjs: `$fetch(request, opts)` and `$fetch.raw(request, opts)` send
    // `fetch(ctx.request, ctx.options)`, the options being `{ ...globalOptions.defaults, ...opts }`.
    { callee: ['ohmyfetch'], optionsArg: [1], insertAt: 1 },
    { callee: ['ohmyfetch', 'raw'], optionsArg: [1], insertAt: 1 },
  ],
  instances: [
    // `$fetch.create(defaultOptions)` makes `createFetch({ ...globalOptions, defaults: { ...globalOptions.defaults, ...defaultOptions } })`.
    { callee: ['ohmyfetch', 'create'], optionsArg: [0], insertAt: 0 },
    { callee: ['createFetch'], optionsArg: [0], insertAt: 0, optionsKey: 'defaults', makes: 'ohmyfetch' },
  ],
  types: [{ module: 'ohmyfetch', names: ['$Fetch'] }],
  total: {
    // The options reach fetch as its init: only a signal there bounds the request (the Fetch standard; js/fetch).
    options: [{ name: 'signal', unit: 'ms' }],
    never: [],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  // No line of ohmyfetch 0.4.21's dist reads `timeout` (ofetch added it in 1.0).
  ignored: [{ name: 'timeout', note: 'ohmyfetch has no `timeout` option (ofetch added it in 1.0): fetch is handed it and ignores it.' }],
  fix: { kind: 'insertOption', total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true }, level: 'fix' },
});
