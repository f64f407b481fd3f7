import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/apollo-client',
  language: 'js',
  client: 'ApolloClient',
  summary: 'Apollo Client 3\'s `new ApolloClient({ uri })`, which makes its own HttpLink when given no `link`',
  roots: {
    ApolloClient: [
      { module: '@apollo/client', export: 'ApolloClient' },
      { module: '@apollo/client/core', export: 'ApolloClient' },
    ],
  },
  // @apollo/client 3.14.1 core/ApolloClient.js: `if (!link) link = uri ? new HttpLink({ uri, credentials, headers })
  // : ApolloLink.empty()`: the link sends every operation with the global fetch and no timer; `fetch` and
  // `fetchOptions` are not handed to it. (4.x takes no `uri`: `invariant(options.link)`.)
  calls: [{ callee: ['ApolloClient'], construct: true, optionsArg: [0], insertAt: 0 }],
  total: {
    // A link of the code's own replaces the HttpLink; js/apollo-http-link judges an HttpLink made there.
    options: [{ name: 'link', unit: 'ms' }],
    never: [],
    unset: [null, false, 0, ''],
  },
  connect: null,
  libraryDefault: null,
  ignored: [
    { name: 'fetch', note: 'ApolloClient 3 does not hand `fetch` to the HttpLink it makes.' },
    { name: 'fetchOptions', note: 'ApolloClient 3 does not hand `fetchOptions` to the HttpLink it makes.' },
  ],
  // Without a `uri` the client makes `ApolloLink.empty()`, which sends nothing.
  unchecked: [{ name: 'uri', absent: true, note: 'without a `uri` (or a `link`) the client sends nothing.' }],
  fix: {
    kind: 'none',
    total: { path: 'link', value: 'new HttpLink({ uri, fetch })' },
    remedy: 'link: new HttpLink({ uri, fetch }) with a fetch of its own that adds AbortSignal.timeout(ms) to the signal the link passes',
    level: 'suggestion',
  },
});
