import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/tauri-http',
  language: 'js',
  client: 'Tauri fetch',
  summary: 'the fetch of @tauri-apps/plugin-http, sent by the Rust backend',
  roots: { tauriFetch: [{ module: '@tauri-apps/plugin-http', export: 'fetch' }] },
  calls: [
    // dist-js/index.js (2.7.0): fetch(input, init) reads `init?.signal` only; the Request it builds from the input is
    // not asked for its signal, so a `new Request(url, { signal })` passed alone bounds nothing.
    { callee: ['tauriFetch'], optionsArg: [1], insertAt: 1 },
  ],
  total: {
    // dist-js/index.js: `signal?.addEventListener('abort', () => void abort())` before `fetch_send`, and again on the
    // body stream: an aborted signal cancels the request on the Rust side in any phase, connect included.
    options: [{ name: 'signal', unit: 'ms' }],
    never: [],
    unset: [],
    coversConnect: true,
  },
  // dist-js/index.d.ts ClientOptions: `connectTimeout?: number` "Timeout in milliseconds", handed to the Rust client
  // as `clientConfig.connectTimeout`; not given, none is set. It bounds the connect only.
  connect: { options: [{ name: 'connectTimeout', unit: 'ms' }], never: [], unset: [null] },
  libraryDefault: null,
  // dist-js/index.js: the init has no `timeout` of its own; the Rust client is handed none.
  ignored: [{ name: 'timeout', note: 'Tauri\'s fetch has no `timeout` option and ignores it.' }],
  fix: {
    kind: 'insertOption',
    total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true },
    connect: { path: 'connectTimeout', value: '{{connectMs}}' },
    level: 'fix',
  },
});
