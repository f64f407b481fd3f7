import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/wreck',
  language: 'js',
  client: '@hapi/wreck',
  summary: 'Wreck calls and instances from Wreck.defaults()',
  // lib/index.js: `module.exports = new internals.Client()`; the export is a client with the verbs.
  roots: { Wreck: [{ module: '@hapi/wreck' }] },
  calls: [
    // request(method, url, options = {}): the promise resolves at the response headers.
    { callee: ['Wreck', 'request'], optionsArg: [2], insertAt: 2 },
    // _shortcut(method, uri, options): request(method, uri, options), then read(res, options) with the same options.
    { callee: ['Wreck', ['get', 'post', 'patch', 'put', 'delete']], optionsArg: [1], insertAt: 1 },
  ],
  // lib/index.js defaults(options): a new Client whose request() and read() apply these options under their own.
  instances: [{ callee: ['Wreck', 'defaults'], optionsArg: [0], insertAt: 0 }],
  total: {
    // API.md: `timeout` "Defaults to `0` (no limit)"; lib/index.js arms its timer only `if (options.timeout)`,
    // so 0, null and false arm none.
    options: [{ name: 'timeout', unit: 'ms' }],
    never: [0, null, false],
    unset: [],
    // lib/index.js _request: the timer starts right after http.request(), before the socket connects.
    coversConnect: true,
  },
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
