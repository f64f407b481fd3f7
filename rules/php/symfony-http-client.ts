import { defineClient } from '../../src/catalogue/define-client';

const sf = 'symfony\\component\\httpclient\\';

export default defineClient({
  id: 'php/symfony-http-client',
  language: 'php',
  client: 'Symfony HttpClient',
  summary: 'HttpClient::create, CurlHttpClient, NativeHttpClient, withOptions, ScopingHttpClient and request options',
  special: 'options-client',
  mentions: ['HttpClient', 'HttpBrowser', 'Goutte'],
  creates: [
    { static: [`${sf}httpclient`, 'create'], optionsArg: 0 },
    { static: [`${sf}httpclient`, 'createforbaseuri'], optionsArg: 1 },
    { new: `${sf}curlhttpclient`, optionsArg: 0 },
    { new: `${sf}nativehttpclient`, optionsArg: 0 },
    { new: `${sf}amphttpclient`, optionsArg: 0 },
    // symfony/browser-kit HttpBrowser::__construct(?HttpClientInterface $client = null, …): `$client ??
    // HttpClient::create()`, a client with no options; given one, it sends through that one. Its request($method,
    // $uri, $parameters, …) takes form parameters third, no client options (AbstractBrowser::request()).
    { new: 'symfony\\component\\browserkit\\httpbrowser', optionsArg: null, unlessArg: 0, requestsTakeNoOptions: true },
    // fabpot/goutte 4 Goutte/Client.php: `class Client extends HttpBrowser`, the same constructor. Goutte 3's Client
    // (on BrowserKit's Client) took a $server array first and sent through getClient(), `new GuzzleClient(['allow_redirects'
    // => false, 'cookies' => true])`: no timeout either, unless setClient() gave another client (see `replacers`).
    { new: 'goutte\\client', optionsArg: null, unlessArg: 0, requestsTakeNoOptions: true },
  ],
  // ScopingHttpClient: its options go over the wrapped client's for the requests whose URL they match.
  wraps: [
    { static: [`${sf}scopinghttpclient`, 'forbaseuri'], clientArg: 0, optionsArg: 2 },
    { new: `${sf}scopinghttpclient`, clientArg: 0, optionsArg: 1, byPattern: true },
  ],
  injected: ['symfony\\contracts\\httpclient\\httpclientinterface'],
  derives: [{ method: 'withoptions', optionsArg: 0 }],
  setters: [],
  // Goutte 3 setClient($guzzleClient): its requests go through that client, judged by php/guzzle where it is made.
  replacers: ['setclient'],
  requests: [{ method: 'request', optionsArg: 2 }],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // HttpClientInterface: 'max_duration' bounds request + response; 0 (the default) or less is unlimited.
  total: { options: [{ name: 'max_duration', unit: 's' }], never: [0], unset: [], negative: 'never' },
  connect: null,
  // 'timeout' is an idle bound that also covers connect; below 0 it becomes two days (HttpClientTrait).
  idle: { options: [{ name: 'timeout', unit: 's' }], never: [], unset: [], negative: 'never' },
  libraryDefault: null,
  // With no timeout in the code, each wait for data ends after php.ini's default_socket_timeout (messages say so).
  iniBound: 'default_socket_timeout',
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
