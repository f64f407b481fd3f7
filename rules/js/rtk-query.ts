import { defineClient } from '../../src/catalogue/define-client';

// @reduxjs/toolkit 1.9.x and 2.x export fetchBaseQuery from /query and /query/react; code written against 1.x often
// imports the built files (`@reduxjs/toolkit/dist/query/react`), which 1.x packages ship.
const MODULES = ['@reduxjs/toolkit/query', '@reduxjs/toolkit/query/react', '@reduxjs/toolkit/dist/query', '@reduxjs/toolkit/dist/query/react'];

export default defineClient({
  id: 'js/rtk-query',
  language: 'js',
  client: 'RTK Query fetchBaseQuery',
  summary: 'fetchBaseQuery() of Redux Toolkit\'s RTK Query, the base query that sends every request of the endpoints given it',
  roots: { fetchBaseQuery: MODULES.map((module) => ({ module, export: 'fetchBaseQuery' })) },
  // src/query/fetchBaseQuery.ts: `fetchBaseQuery({ baseUrl, prepareHeaders, fetchFn, …, timeout: defaultTimeout,
  // …baseFetchOptions } = {})` returns the base query; each endpoint's request runs through it.
  calls: [{
    callee: ['fetchBaseQuery'],
    optionsArg: [0],
    insertAt: 0,
    // FetchArgs: "A number in milliseconds that represents the maximum time a request can take before timing out"; no
    // default (`timeout: defaultTimeout`, undefined unless given). dist/query/fetchBaseQuery.d.ts has it in 1.9.2, not
    // in 1.8.2 (pull request #2143); before it, the key rides along into the Request's init, which ignores it.
    total: [{ name: 'timeout', unit: 'ms' }],
    totalSince: {
      module: '@reduxjs/toolkit',
      version: [1, 9],
      remedy: 'timeout (ms), which @reduxjs/toolkit reads from 1.9 on, or a fetchFn of its own that adds AbortSignal.timeout(ms)',
    },
  }],
  total: {
    options: [
      // `fetchFn = defaultFetchFn` (`(...args) => fetch(...args)`), called as `fetchFn(request)`: a fetch of the code's
      // own may bound each request; the global one bounds nothing.
      { name: 'fetchFn', unit: 'ms', plainClients: ['js/fetch'] },
    ],
    // `if (timeout) { abortController = new AbortController() … }`: a falsy timeout arms no timer.
    never: [0, null, false],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  // `config = { ...baseFetchOptions, signal, ...rest }`: the thunk's signal replaces a `signal` given to fetchBaseQuery.
  ignored: [{ name: 'signal', note: 'fetchBaseQuery passes each request the signal of its own thunk in place of this one.' }],
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
