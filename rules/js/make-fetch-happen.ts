import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/make-fetch-happen',
  language: 'js',
  client: 'make-fetch-happen',
  summary: 'make-fetch-happen (npm\'s fetch) calls and instances from .defaults(), minipass-fetch calls',
  roots: { makeFetchHappen: [{ module: 'make-fetch-happen' }], minipassFetch: [{ module: 'minipass-fetch' }] },
  calls: [
    // make-fetch-happen 15.0.6 lib/index.js: makeFetchHappen(url, opts) makes `new Request(url, options)` (minipass-fetch).
    { callee: ['makeFetchHappen'], optionsArg: [1], insertAt: 1 },
    // minipass-fetch 5.0.2 lib/index.js: fetch(url, opts).
    { callee: ['minipassFetch'], optionsArg: [1], insertAt: 1 },
  ],
  // lib/index.js: defaults(defaultUrl, defaultOptions), an object first being the options; its calls spread them
  // under their own, and its own `defaults()` makes another from it.
  instances: [{ callee: ['makeFetchHappen', 'defaults'], optionsArg: [0, 1], insertAt: 1 }],
  total: {
    // minipass-fetch 5.0.2 lib/index.js:104-113,136 and lib/body.js:139-143: `timeout` arms a timer when the socket is
    // assigned, until the headers, then one for the body (node-fetch 2's); `init.timeout || 0`, and 0 arms none.
    // make-fetch-happen lib/remote.js hands it and the `signal` on; an aborting signal ends the request.
    options: [{ name: 'timeout', unit: 'ms' }, { name: 'signal', unit: 'ms' }],
    never: [0, null, false],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  // A timeout per request: a signal written into `.defaults()` would be made once and fire once, for every request.
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
