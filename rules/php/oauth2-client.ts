import { defineClient } from '../../src/catalogue/define-client';

const provider = (cls: string) => ({ new: `league\\oauth2\\client\\provider\\${cls}`, optionsArg: 0, unlessKey: { arg: 1, key: 'httpClient' } });

export default defineClient({
  id: 'php/oauth2-client',
  language: 'php',
  client: 'OAuth 2.0 Client',
  summary: "league/oauth2-client providers: the Guzzle client a provider makes gets only the provider's 'timeout'",
  special: 'options-client',
  mentions: ['OAuth2\\Client\\Provider'],
  // AbstractProvider::__construct(array $options = [], array $collaborators = []): with no 'httpClient' collaborator
  // it makes new GuzzleHttp\Client(array_intersect_key($options, array_flip(getAllowedClientOptions($options)))),
  // the allowed keys being 'timeout' and 'proxy' ('verify' beside a proxy). GenericProvider is the package's own;
  // Google, Facebook, Github, LinkedIn and Instagram are the league's provider packages, in the same namespace.
  creates: ['genericprovider', 'google', 'facebook', 'github', 'linkedin', 'instagram'].map(provider),
  injected: ['league\\oauth2\\client\\provider\\abstractprovider', 'league\\oauth2\\client\\provider\\genericprovider'],
  derives: [],
  setters: [],
  // AbstractProvider::setHttpClient(ClientInterface $client), what the constructor calls with the 'httpClient'
  // collaborator: the provider then sends through that client.
  replacers: ['sethttpclient'],
  // The provider's calls that send: the token request, the resource owner's details, and a request of the code's own.
  requests: ['getaccesstoken', 'getresourceowner', 'getresponse', 'getparsedresponse'].map((method) => ({ method, optionsArg: null })),
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // Guzzle's 'timeout' (request-options.rst): 0, the default, waits forever; the whole request, connecting included.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], coversConnect: true },
  // 'connect_timeout' is not among the options handed on: Guzzle's connect is libcurl's 300 s, within the total.
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
