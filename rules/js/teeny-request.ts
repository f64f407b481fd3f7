import { defineClient } from '../../src/catalogue/define-client';

// src/index.ts requestToFetchOptions: `...reqOpts.timeout && {timeout: reqOpts.timeout}`, handed to node-fetch, the only
// option that bounds a request. node-fetch v2's `timeout` (ms) runs from the socket to the headers, then again over
// the body (http-clients.md, "node-fetch"). teeny-request 10 depends on node-fetch ^3.3.2, which has no `timeout`
// and ignores it, and hands node-fetch no signal: nothing bounds its requests. None is set by default; a falsy value
// passes none.
const TIMEOUT = { name: 'timeout', unit: 'ms' } as const;
const V10 = {
  module: 'teeny-request',
  major: 10,
  remedy: 'timeout (ms) on teeny-request 9, or send it with a client that takes a signal: on 10 and later, node-fetch 3 ignores `timeout`',
};

export default defineClient({
  id: 'js/teeny-request',
  language: 'js',
  client: 'teeny-request',
  summary: 'teenyRequest calls and teenyRequest.defaults() instances (request\'s API over node-fetch v2)',
  // src/index.ts (googleapis/teeny-request): `export {teenyRequest}`, a function that mimics request.
  roots: { teenyRequest: [{ module: 'teeny-request', export: 'teenyRequest' }] },
  // teenyRequest(reqOpts, [callback]): one options object, which holds the URL (`uri`).
  calls: [{ callee: ['teenyRequest'], optionsArg: [0], insertAt: null, total: [TIMEOUT], totalBefore: V10 }],
  // src/index.ts: `teenyRequest.defaults(defaults)` returns a function calling teenyRequest({ ...defaults, ...reqOpts }).
  instances: [{ callee: ['teenyRequest', 'defaults'], optionsArg: [0], insertAt: 0, total: [TIMEOUT], totalBefore: V10 }],
  total: {
    // `timeout`, the only bound, is the call shapes' own: it holds on 9 and earlier only.
    options: [],
    never: [0, null, false],
    unset: [],
    coversConnect: true,
  },
  // node-fetch v2 has no connect option of its own: its timeout covers the connect.
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
