import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/needle',
  language: 'js',
  client: 'needle',
  summary: 'needle calls, with needle.defaults() set in code',
  roots: { needle: [{ module: 'needle' }] },
  calls: [
    // needle(method, url, data, options) and needle.request(method, url, data, options, callback)
    // The argument before the options is data: needle sends what is written there (query or body), reads none of it.
    {
      callee: ['needle'],
      optionsArg: [3],
      insertAt: 3,
      dataArg: 2,
      // lib/needle.js:817-833, the promise form: its arguments shift with what the first one is.
      forms: [
        // A first argument that looks like a URL (`/\.|\//`) is one; the method is 'get' with at most two
        // arguments, so `needle(url, options)` is spliced to (url, null, options).
        { first: '\\.|/', count: [1, 2], optionsArg: [1], insertAt: 1 },
        // ...and 'post' with more: `needle(url, data, options)`.
        { first: '\\.|/', optionsArg: [2], insertAt: 2, dataArg: 1 },
        // Else the first is the method: one that `/get|head/i` matches, with exactly two arguments after it, takes
        // the last as the options (`needle('get', url, options)`); any other is (method, url, data, options).
        { first: 'get|head', count: [2, 3], optionsArg: [2], insertAt: 2 },
      ],
    },
    { callee: ['needle', 'request'], optionsArg: [3], insertAt: 3, dataArg: 2 },
    { callee: ['needle', ['get', 'head']], optionsArg: [1], insertAt: 1 },
    { callee: ['needle', ['post', 'put', 'patch', 'delete']], optionsArg: [2], insertAt: 2, dataArg: 1 },
  ],
  setup: [['defaults']],
  total: {
    // lib/needle.js:502-523,765-784: `read_timeout` runs from the headers to the end of the body, wall-clock.
    options: [{ name: 'read_timeout', unit: 'ms' }],
    // lib/needle.js:94-96: 0 is the default and means none.
    never: [0],
    unset: [],
  },
  // lib/needle.js:94-96,120: `open_timeout` (alias `timeout`) defaults to 10 000 ms; 0 arms no timer.
  connect: { options: [{ name: 'open_timeout', unit: 'ms' }, { name: 'timeout', unit: 'ms' }], never: [0], unset: [] },
  connectDefault: '10 s (`open_timeout`)',
  libraryDefault: null,
  // `response_timeout` ends at the headers: it stops a silent server but not a drip (http-clients.md).
  idle: [{ name: 'response_timeout', unit: 'ms' }],
  fix: {
    kind: 'insertOption',
    also: [{ path: 'response_timeout', value: '{{totalMs}}' }],
    total: { path: 'read_timeout', value: '{{totalMs}}' },
    level: 'fix',
  },
});
