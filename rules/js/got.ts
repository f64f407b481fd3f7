import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/got',
  language: 'js',
  client: 'got',
  summary: 'got calls and instances from got.extend',
  // source/index.ts (got 12+): `export {got}` beside the default export.
  roots: { got: [{ module: 'got' }, { module: 'got', export: 'got' }] },
  calls: [
    // got(url, options) and got(options)
    { callee: ['got'], optionsArg: [0, 1], insertAt: 1 },
    { callee: ['got', ['get', 'post', 'put', 'patch', 'delete', 'head', 'stream', 'paginate']], optionsArg: [0, 1], insertAt: 1 },
    // create.ts: `got.stream[method] = (url, options) => got(url, {...options, method, isStream: true})` for each alias.
    { callee: ['got', 'stream', ['get', 'post', 'put', 'patch', 'delete', 'head']], optionsArg: [0, 1], insertAt: 1 },
    // documentation/4-pagination.md: paginate.all and paginate.each take (url, options) as got() does, and send its requests.
    { callee: ['got', 'paginate', ['all', 'each']], optionsArg: [0, 1], insertAt: 1 },
  ],
  // got.extend merges `timeout` objects key by key (http-clients.md); create.ts: each of several arguments in turn,
  // an instance by its options, so a later one's keys win.
  instances: [{ callee: ['got', 'extend'], optionsArg: [0], insertAt: 0, mergesArguments: true }],
  // source/types.ts: got and got.extend() are typed Got.
  types: [{ module: 'got', names: ['Got'] }],
  total: {
    options: [
      // options.js: every timeout is undefined by default, "By default, there's no timeout"; `request` is the total.
      // A number (got 11) is not an object: its keys read as unknown, which counts as set.
      { name: 'timeout.request', unit: 'ms' },
      { name: 'signal', unit: 'ms' },
    ],
    never: [],
    unset: [],
    // `request` runs from the start of the request (timed-out.js), and an aborted signal ends any phase.
    coversConnect: true,
  },
  connect: { options: [{ name: 'timeout.connect', unit: 'ms' }], never: [], unset: [] },
  libraryDefault: null,
  // `socket` is idle; `send`, `response` and `read` bound one phase each (timed-out.js, http-clients.md).
  idle: [
    { name: 'timeout.socket', unit: 'ms' },
    { name: 'timeout.send', unit: 'ms' },
    { name: 'timeout.response', unit: 'ms' },
    { name: 'timeout.read', unit: 'ms' },
  ],
  // as-promise/index.js (14.6.6): the promise is a PCancelable whose cancel() destroys the request, in any phase;
  // got.stream() returns the Request stream, whose destroy() does the same. Run by a timer, either is a total.
  handle: { aborts: ['cancel', 'destroy'] },
  fix: {
    kind: 'insertOption',
    total: { path: 'timeout.request', value: '{{totalMs}}', endsBody: true },
    connect: { path: 'timeout.connect', value: '{{connectMs}}' },
    level: 'fix',
  },
});
