import { defineClient } from '../../src/catalogue/define-client';

// axios's methods of a request, the config after the URL or after the data (lib/core/Axios.js).
export const AXIOS_NO_DATA = ['get', 'delete', 'head', 'options'];
export const AXIOS_DATA = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];

/** What bounds an axios request, also one sent through a wrapper that hands its config on (js/nestjs-http). */
export const AXIOS_TOTAL = {
  options: [
    // lib/defaults/index.js: timeout defaults to 0 = none; in Node it stops counting once headers arrive.
    { name: 'timeout', unit: 'ms' },
    // An aborting signal (or the deprecated cancelToken) bounds the whole request (http-clients.md [EXP]).
    { name: 'signal', unit: 'ms' },
    { name: 'cancelToken', unit: 'ms' },
  ],
  // http-clients.md [EXP]: 0, null and false mean no timeout; Infinity is rejected at once, not "never".
  never: [0, null, false],
  unset: [],
} as const;

export default defineClient({
  id: 'js/axios',
  language: 'js',
  client: 'axios',
  summary: 'axios calls, instances from axios.create, and defaults set in code',
  roots: { axios: [{ module: 'axios' }, { global: 'axios' }] },
  calls: [
    // axios(config) and axios(url, config)
    { callee: ['axios'], optionsArg: [0, 1], insertAt: 1 },
    { callee: ['axios', AXIOS_NO_DATA], optionsArg: [1], insertAt: 1 },
    // getUri is not here: Axios.prototype.getUri only builds a URL (lib/core/Axios.js), it sends nothing.
    { callee: ['axios', AXIOS_DATA], optionsArg: [2], insertAt: 2 },
    { callee: ['axios', 'request'], optionsArg: [0], insertAt: 0 },
  ],
  // mergeConfig.js: library defaults < instance defaults < per-call config (http-clients.md).
  instances: [{ callee: ['axios', 'create'], optionsArg: [0], insertAt: 0 }],
  defaults: [['defaults']],
  // lib/core/Axios.js runs request interceptors on the merged config before it is sent: one can set a timeout.
  interceptors: [['interceptors', 'request']],
  // index.d.ts: axios.create() returns AxiosInstance; the default export is AxiosStatic.
  types: [{ module: 'axios', names: ['AxiosInstance', 'AxiosStatic'] }],
  // lib/cancel/CancelToken.js: source() returns { token, cancel }, cancel a closure; the deprecated cancelToken
  // option behaves like a signal (http-clients.md), so a source bounds a request only if a timer cancels it.
  cancellers: [{ path: ['CancelToken', 'source'], signal: 'token', abort: 'cancel', closure: true, verb: 'cancelled' }],
  total: AXIOS_TOTAL,
  // axios has no separate connect option.
  connect: null,
  libraryDefault: null,
  fix: {
    kind: 'insertOption',
    total: { path: 'timeout', value: '{{totalMs}}' },
    // In Node, `timeout` stops at the response headers; a signal also bounds the body (http-clients.md [EXP]).
    alternative: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})' },
    level: 'fix',
  },
});
