import { defineClient } from '../../src/catalogue/define-client';

const send = (method: string, optionsArg: number) => ({ method, optionsArg });

export default defineClient({
  id: 'php/mediawiki-http',
  language: 'php',
  client: 'MediaWiki HTTP',
  summary: "MediaWiki's HttpRequestFactory and MWHttpRequest: only a timeout set to 0 is owed a finding",
  special: 'options-client',
  mentions: ['MediaWikiServices', 'HttpRequestFactory', 'MWHttpRequest'],
  // Every request names the factory (getHttpRequestFactory(), a parameter typed HttpRequestFactory) or
  // MWHttpRequest; MediaWikiServices alone is in most of MediaWiki's files and names no request.
  alsoMentions: ['HttpRequestFactory', 'MWHttpRequest'],
  // MediaWikiServices::getInstance() is the service container, which sends nothing itself (its get('MainConfig') is no
  // request); getHttpRequestFactory() gives the factory, the client, with no options of its own, as the container's
  // get(), getService() and peekService() do given its name (ServiceContainer.php; the getter calls getService()).
  creates: [{ static: ['mediawiki\\mediawikiservices', 'getinstance'], optionsArg: null, container: true }],
  injected: ['mediawiki\\http\\httprequestfactory'],
  derives: [
    { method: 'gethttprequestfactory', optionsArg: null },
    ...['get', 'getservice', 'peekservice'].map((method) => ({ method, optionsArg: null, firstArg: 'HttpRequestFactory' })),
  ],
  setters: [],
  // HttpRequestFactory::get|post($url, $options, $caller), request($method, $url, $options, $caller), and
  // create($url, $options, $caller), whose MWHttpRequest sends on execute() with the options given here; the
  // static MWHttpRequest::factory($url, $options, $caller) alike. Not the legacy global Http::get(): that name is
  // Laravel's Http facade alias too (php/laravel-http), whose get() takes a query there.
  requests: [
    send('get', 1), send('post', 1), send('request', 2), send('create', 1),
    { static: ['mwhttprequest', 'factory'], optionsArg: 1 },
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // MWHttpRequest::__construct(): `isset($options['timeout']) && $options['timeout'] != 'default'` takes the value,
  // else $wgHTTPTimeout; GuzzleHttpRequest hands it to Guzzle as 'timeout' (CurlHttpRequest to CURLOPT_TIMEOUT),
  // where 0 (false) is no bound at all. null and 'default' leave the default.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, false], unset: [null, 'default'], coversConnect: true },
  // 'connectTimeout' 0 is libcurl's own 300 s connect bound, within the total.
  connect: null,
  // DefaultSettings.php: $wgHTTPTimeout = 25, $wgHTTPConnectTimeout = 5 (HttpRequestFactory fills both in).
  libraryDefault: { total: '25 s ($wgHTTPTimeout), connect 5 s ($wgHTTPConnectTimeout)' },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
