import { defineClient } from '../../src/catalogue/define-client';

// @vueuse/core 14.4.0 dist/index.js isFetchOptions: an argument with one of these keys is useFetch's own options;
// any other object is the RequestInit handed to fetch.
const USE_FETCH_OPTIONS = ['immediate', 'refetch', 'initialData', 'timeout', 'beforeFetch', 'afterFetch', 'onFetchError', 'fetch', 'updateDataOnError'];

export default defineClient({
  id: 'js/vueuse-fetch',
  language: 'js',
  client: 'VueUse useFetch',
  summary: 'useFetch of @vueuse/core, and the useFetch createFetch() makes',
  roots: {
    useFetch: [{ module: '@vueuse/core', export: 'useFetch' }],
    createFetch: [{ module: '@vueuse/core', export: 'createFetch' }],
  },
  calls: [
    // dist/index.js useFetch(url, ...args): (url), (url, useFetchOptions), (url, requestInit, useFetchOptions).
    // With the URL alone, the options go second; after a RequestInit, third.
    { callee: ['useFetch'], optionsArg: [1, 2], insertAt: 2, optionsWith: USE_FETCH_OPTIONS, forms: [{ count: [1], optionsArg: [1], insertAt: 1 }] },
  ],
  // createFetch({ baseUrl, options, fetchOptions }) makes a useFetch whose calls spread `config.options` under their own.
  instances: [{ callee: ['createFetch'], optionsArg: [0], insertAt: 0, optionsKey: 'options', makes: 'useFetch' }],
  total: {
    options: [
      // useFetch: `if (timeout) timer = useTimeoutFn(abort, timeout)`, started before fetch and stopped in its
      // `finally`, after the body is read: a total. The default is `timeout: 0`, none.
      { name: 'timeout', unit: 'ms' },
      // `const { fetch = window.fetch ?? globalThis.fetch } = options`: a fetch of the code's own may bound it; a plain one does not.
      { name: 'fetch', unit: 'ms', plainClients: ['js/fetch'] },
    ],
    never: [0, null, false],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  // execute() calls abort(), which writes `signal: controller.signal` over the RequestInit's own.
  ignored: [{ name: 'signal', note: 'useFetch replaces the signal with its own controller\'s; set `timeout` in its options.' }],
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
