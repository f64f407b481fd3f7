import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/node-http2',
  language: 'js',
  client: 'node:http2',
  summary: 'node:http2 sessions from http2.connect and their session.request() streams',
  roots: { http2: [{ module: 'http2' }, { module: 'node:http2' }] },
  // session.request(headers, options)
  calls: [{ callee: ['http2', 'request'], optionsArg: [1], insertAt: 1 }],
  // A session holds no request options: each stream is judged, and reported, on its own.
  instances: [{ callee: ['http2', 'connect'], optionsArg: [1], insertAt: 1, perRequest: true }],
  // http-clients.md [EXP]: a stream `signal` aborted the request at 2.5 s.
  total: { options: [{ name: 'signal', unit: 'ms' }], never: [], unset: [] },
  // http2.connect has no connect-timeout option.
  connect: null,
  libraryDefault: null,
  // stream.setTimeout() only emits 'timeout' [EXP]: an idle bound, no error (contract).
  idle: [{ name: 'timeout', unit: 'ms' }],
  // nodejs.org/api/http2.html: http2stream.close() (RST_STREAM) and destroy() end the stream in any phase; a timer
  // that calls one is a total bound, as a timed signal is.
  handle: { methods: [{ name: 'setTimeout', option: 'timeout' }], aborts: ['destroy', 'close'] },
  fix: { kind: 'insertOption', total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true }, level: 'fix' },
});
