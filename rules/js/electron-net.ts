import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/electron-net',
  language: 'js',
  client: 'Electron net',
  summary: 'Electron\'s net.request() in the main process (net.fetch is js/fetch)',
  // `net` of 'electron' (also `electron.net` on the module) and 'electron/main'; net.fetch is judged by js/fetch.
  // A renderer reaches the main process's modules by name through `remote` (Electron <= 13, docs/api/remote.md: "Use
  // main process modules from the renderer process") or @electron/remote (src/renderer/remote.ts: a getter per name
  // of browserModuleNames, 'net' among them): `remote.net` is the main process's net, its request() sent there.
  roots: {
    net: [{ module: 'electron', export: 'net' }, { module: 'electron/main', export: 'net' }],
    remote: [{ module: 'electron', export: 'remote' }, { module: '@electron/remote' }, { module: '@electron/remote/renderer' }],
  },
  // electron.d.ts (41.7.1): `request(options: ClientRequestConstructorOptions | string): ClientRequest`.
  calls: [
    { callee: ['net', 'request'], optionsArg: [0], insertAt: null },
    { callee: ['remote', 'net', 'request'], optionsArg: [0], insertAt: null },
  ],
  // electron.d.ts ClientRequestConstructorOptions: method, url, headers, session, partition, credentials, redirect,
  // cache, priority and the URL's parts; no timeout and no signal. Nothing bounds the request by default.
  total: { options: [], never: [], unset: [] },
  connect: null,
  libraryDefault: null,
  ignored: [
    { name: 'timeout', note: 'net.request() has no `timeout` option and ignores it.' },
    { name: 'signal', note: 'net.request() has no `signal` option and ignores it.' },
  ],
  // electron.d.ts ClientRequest: `abort()` cancels an ongoing transaction (it emits 'abort' and 'close'); run by a
  // timer it bounds the whole request. Its listener methods return the request (`: this`).
  handle: { aborts: ['abort'], chain: ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'off', 'removeListener', 'setHeader'] },
  fix: {
    kind: 'none',
    total: { path: 'abort', value: '{{totalMs}}' },
    remedy: 'a timer that aborts it, setTimeout(() => request.abort(), ms), or send it with net.fetch and a signal',
    level: 'suggestion',
  },
});
