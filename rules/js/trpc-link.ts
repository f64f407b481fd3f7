import { defineClient, FETCH_WITH_TIMEOUT_BESIDE_SIGNAL } from '../../src/catalogue/define-client';

const CLIENT = '@trpc/client';

export default defineClient({
  id: 'js/trpc-link',
  language: 'js',
  client: 'tRPC link',
  summary: 'the HTTP links of @trpc/client (httpLink, httpBatchLink, httpBatchStreamLink), which send every procedure call',
  roots: {
    httpLink: [{ module: CLIENT, export: 'httpLink' }],
    httpBatchLink: [{ module: CLIENT, export: 'httpBatchLink' }],
    // 11.x exports both names (`unstable_httpBatchStreamLink = httpBatchStreamLink`); 10.x the `unstable_` one alone.
    httpBatchStreamLink: [{ module: CLIENT, export: 'httpBatchStreamLink' }, { module: CLIENT, export: 'unstable_httpBatchStreamLink' }],
  },
  // @trpc/client 11.25.2 dist/httpUtils-*.mjs: `fetchHTTPResponse` sends each call (a batch's calls at once) with
  // `getFetch(opts.fetch)(url, { method, signal: opts.signal, body, headers })`: the global fetch unless the link's
  // `fetch` is given, and the signal of the call (aborted when the caller cancels it, on no timer).
  calls: [
    { callee: ['httpLink'], optionsArg: [0], insertAt: 0 },
    { callee: ['httpBatchLink'], optionsArg: [0], insertAt: 0 },
    // dist/httpBatchStreamLink-*.mjs: the same options (`resolveHTTPLinkOptions`) and `fetchHTTPResponse`; the
    // response is a JSON-lines stream that stays open while a procedure yields (an async iterable): a total would
    // end it, so the fix is only offered (`streams`).
    { callee: ['httpBatchStreamLink'], optionsArg: [0], insertAt: 0, streams: true },
  ],
  total: {
    // `resolveHTTPLinkOptions` keeps `url`, `fetch`, `transformer`, `methodOverride`: no other option reaches fetch.
    options: [{ name: 'fetch', unit: 'ms', plainClients: ['js/fetch'] }],
    never: [],
    unset: [null, false, 0, ''],
  },
  connect: null,
  libraryDefault: null,
  ignored: [{ name: 'timeout', note: 'A tRPC link takes no `timeout`: it is ignored.' }],
  fix: {
    kind: 'insertOption',
    // The call's signal is kept beside the timeout, so that cancelling a call still aborts it.
    total: {
      path: 'fetch',
      value: FETCH_WITH_TIMEOUT_BESIDE_SIGNAL,
      endsBody: true,
    },
    remedy: 'a fetch of its own whose calls add AbortSignal.timeout(ms) to the signal the link passes',
    level: 'fix',
  },
});
