import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/teeny-request',
  language: 'js',
  client: 'teeny-request',
  summary: 'teenyRequest calls and teenyRequest.defaults() instances (request\'s API over node-fetch v2)',
  // src/index.ts (googleapis/teeny-request): `export {teenyRequest}`, a function that mimics request.
  roots: { teenyRequest: [{ module: 'teeny-request', export: 'teenyRequest' }] },
  // teenyRequest(reqOpts, [callback]): one options object, which holds the URL (`uri`).
  calls: [{ callee: ['teenyRequest'], optionsArg: [0], insertAt: null }],
  // src/index.ts: `teenyRequest.defaults(defaults)` returns a function calling teenyRequest({ ...defaults, ...reqOpts }).
  instances: [{ callee: ['teenyRequest', 'defaults'], optionsArg: [0], insertAt: 0 }],
  total: {
    // src/index.ts requestToFetchOptions: `...reqOpts.timeout && {timeout: reqOpts.timeout}`, handed to node-fetch v2,
    // whose `timeout` (ms) runs from the socket to the headers, then again over the body (http-clients.md,
    // "node-fetch"). None is set by default; a falsy value passes none.
    options: [{ name: 'timeout', unit: 'ms' }],
    never: [0, null, false],
    unset: [],
    coversConnect: true,
  },
  // node-fetch v2 has no connect option of its own: its timeout covers the connect.
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
