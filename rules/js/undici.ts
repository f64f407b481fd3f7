import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/undici',
  language: 'js',
  client: 'undici',
  summary: "undici's own API: request, stream, pipeline, and Client / Pool / Agent options",
  roots: { undici: [{ module: 'undici' }] },
  calls: [
    // request(url, options) at the top level; client.request(options) on a dispatcher.
    { callee: ['undici', ['request', 'stream', 'pipeline']], optionsArg: [0, 1], insertAt: 1 },
  ],
  // A dispatcher's headersTimeout, bodyTimeout and connect options apply to every request it sends.
  instances: [{ callee: ['undici', ['Client', 'Pool', 'BalancedPool', 'Agent', 'ProxyAgent']], construct: true, optionsArg: [0, 1], insertAt: 1 }],
  // Only a per-request `signal` bounds the whole exchange (http-clients.md, undici table).
  // `never` also holds for the idle options: 0 disables headersTimeout and bodyTimeout (http-clients.md).
  // types/*.d.ts: every dispatcher class, and Dispatcher itself, has request/stream/pipeline.
  types: [{ module: 'undici', names: ['Dispatcher', 'Client', 'Pool', 'BalancedPool', 'Agent', 'ProxyAgent'] }],
  // An aborted signal ends the request in any phase, connect included: `connect: { timeout: 0 }` beside it leaves
  // nothing unbounded (http-clients.md, undici table: signal = total). The idle options do not cover the connect:
  // lib/dispatcher/client-h1.js (6.28) resumeH1 arms the headers timer on a connected socket's parser.
  total: { options: [{ name: 'signal', unit: 'ms' }], never: [0], unset: [], coversConnect: true },
  connect: {
    // lib/core/connect.js:75: 10 000 ms by default; lib/core/util.js:850-875: 0 arms no timer.
    options: [{ name: 'connect.timeout', unit: 'ms' }, { name: 'connectTimeout', unit: 'ms' }],
    never: [0],
    unset: [],
  },
  connectDefault: '10 s',
  // client.js:262-263: headers 300 s and 300 s between body chunks by default, so a silent server is
  // stopped; a drip is not. Finite defaults: only a disabled value is owed a finding (contract, as ky).
  libraryDefault: { total: 'none; headers 300 s, then 300 s between body chunks' },
  idle: [{ name: 'headersTimeout', unit: 'ms' }, { name: 'bodyTimeout', unit: 'ms' }],
  fix: { kind: 'insertOption', total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true }, level: 'fix' },
});
