import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/request',
  language: 'js',
  client: 'request (deprecated)',
  summary: 'request calls and request.defaults() instances, also through request-promise / request-promise-native and the maintained forks @cypress/request and postman-request',
  // request-promise and request-promise-native take request's arguments and options, and have its verbs and defaults().
  // @cypress/request and postman-request are forks with request's API and its `timeout` (ESOCKETTIMEDOUT after 1 s
  // with `timeout: 1000` on a server that accepts and never answers, as request).
  roots: {
    request: [
      { module: 'request' }, { module: 'request-promise' }, { module: 'request-promise-native' },
      { module: '@cypress/request' }, { module: 'postman-request' },
    ],
  },
  calls: [
    // request(url, [options], [callback]) and request(options, [callback])
    { callee: ['request'], optionsArg: [0, 1], insertAt: 1 },
    { callee: ['request', ['get', 'head', 'post', 'put', 'patch', 'del', 'delete']], optionsArg: [0, 1], insertAt: 1 },
  ],
  // http-clients.md ("Where defaults live"): needle/request `defaults()`; its calls and verbs inherit the options.
  instances: [{ callee: ['request', 'defaults'], optionsArg: [0], insertAt: 0 }],
  // http-clients.md: request has no total option; after the socket connects, `timeout` is only an idle bound.
  total: { options: [], never: [], unset: [] },
  // request.js:766-853 (http-clients.md): `timeout` (ms) is a wall-clock timer until the socket connects
  // (ETIMEDOUT), then an idle req.setTimeout (ESOCKETTIMEDOUT); default none.
  // request.js arms its timers only `if (self.timeout && !self.timeoutTimer)`: 0, null and false arm none.
  connect: { options: [{ name: 'timeout', unit: 'ms' }], never: [0, null, false], unset: [] },
  libraryDefault: null,
  // [EXP] a drip completed after 3.6 s with `timeout: 1000`: an idle bound, no error by contract.
  idle: [{ name: 'timeout', unit: 'ms' }],
  // request.js Request.prototype.abort: ends the request in any phase (it aborts the ClientRequest); run by a timer
  // it bounds the whole request, as no option of request's does.
  handle: { aborts: ['abort'] },
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
