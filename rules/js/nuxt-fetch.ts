import { defineClient } from '../../src/catalogue/define-client';

// Nuxt 3.21.11, dist/app/composables/fetch.js and asyncData.js: useFetch(request, opts?, key?) takes `timeout` out of
// its options and hands it to useAsyncData, which merges AbortSignal.timeout(timeout) with its own signal and the
// caller's `signal` (mergeAbortSignals), and passes that to $fetch: a total over the whole request, body included.
export default defineClient({
  id: 'js/nuxt-fetch',
  language: 'js',
  client: 'Nuxt useFetch',
  summary: "Nuxt's useFetch and useLazyFetch composables (auto-imported, or from #app, #imports or nuxt/app)",
  // Nuxt auto-imports both: a name the file does not bind is Nuxt's.
  roots: {
    useFetch: [
      { global: 'useFetch' }, { global: 'useLazyFetch' },
      { module: '#app', export: 'useFetch' }, { module: '#app', export: 'useLazyFetch' },
      { module: '#imports', export: 'useFetch' }, { module: '#imports', export: 'useLazyFetch' },
      { module: 'nuxt/app', export: 'useFetch' }, { module: 'nuxt/app', export: 'useLazyFetch' },
    ],
  },
  // useFetch(request, opts) and useFetch(request, key): a string second argument is a key, not options; the
  // options go before it (`useFetch(request, opts, key)`, app/composables/fetch.ts).
  calls: [{ callee: ['useFetch'], optionsArg: [1], insertAt: 1, movesOn: true }],
  total: {
    // asyncData.js mergeAbortSignals: a timer only `if (typeof timeout === "number" && timeout >= 0)`; none
    // without one (the default), so a request to a silent server stays pending. A caller's signal is merged too.
    // So `false` and a negative number arm no timer: written, they turn the bound off (0 aborts at once: no hang).
    options: [{ name: 'timeout', unit: 'ms' }, { name: 'signal', unit: 'ms' }],
    never: [false],
    unset: [null],
    negative: 'never',
    coversConnect: true,
  },
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
