import { defineClient } from '../../src/catalogue/define-client';

const send = (method: string, optionsArg: number | null) => ({ method, optionsArg });

// Guzzle src/RequestOptions.php: each public constant is its key's name (RequestOptions::JSON = 'json'), 6.0 to 7.x.
const keys = [
  'allow_redirects', 'auth', 'body', 'cert', 'cookies', 'connect_timeout', 'debug', 'decode_content', 'delay', 'expect',
  'form_params', 'headers', 'http_errors', 'idn_conversion', 'json', 'multipart', 'on_headers', 'on_stats', 'progress',
  'proxy', 'query', 'read_timeout', 'sink', 'synchronous', 'ssl_key', 'stream', 'verify', 'timeout', 'version',
  'force_ip_resolve',
];
/** `GuzzleHttp\RequestOptions::X` -> its key, for the clients built on Guzzle's options. */
export const requestOptions: Readonly<Record<string, string>> = Object.fromEntries(keys.map((k) => [`guzzlehttp\\requestoptions::${k}`, k]));

export default defineClient({
  id: 'php/guzzle',
  language: 'php',
  client: 'Guzzle',
  summary: 'GuzzleHttp\\Client 6 and 7: client defaults and per-request options',
  special: 'options-client',
  mentions: ['GuzzleHttp', 'Adapter\\Guzzle'],
  // The client is reached by the names GuzzleHttp\Client and GuzzleHttp\ClientInterface (creates, injected):
  // whichever way a file writes them (`use`, an alias, the namespace's own), it spells `Client`; or handed, untyped,
  // to a Pool, whose own 'options' the file writes (`new Pool($http, $requests, ['options' => …])`).
  alsoMentions: ['Client', 'Pool'],
  // php-http/guzzle6-adapter and guzzle7-adapter: Client::createWithConfig($config) is new self(new GuzzleClient($config
  // over a handler stack of their own)), the HTTPlug client sending through it with sendRequest().
  creates: [
    { new: 'guzzlehttp\\client', optionsArg: 0 },
    { static: ['http\\adapter\\guzzle6\\client', 'createwithconfig'], optionsArg: 0 },
    { static: ['http\\adapter\\guzzle7\\client', 'createwithconfig'], optionsArg: 0 },
    // Their constructor with no client builds one as createWithConfig([]) does (`new GuzzleAdapter()`).
    { new: 'http\\adapter\\guzzle6\\client', optionsArg: null, unlessArg: 0 },
    { new: 'http\\adapter\\guzzle7\\client', optionsArg: null, unlessArg: 0 },
  ],
  injected: ['guzzlehttp\\client', 'guzzlehttp\\clientinterface'],
  derives: [],
  setters: [],
  requests: [
    send('request', 2), send('requestasync', 2), send('send', 1), send('sendasync', 1), send('sendrequest', null),
    send('sendasyncrequest', null),
    ...['get', 'head', 'delete', 'options', 'post', 'put', 'patch'].flatMap((m) => [send(m, 1), send(`${m}async`, 1)]),
    // new Pool($client, $requests, ['options' => [...]]) and Pool::batch(): requests through $client, with these options;
    // a callable among $requests is called and its promise awaited (Pool.php), the client unused.
    { new: 'guzzlehttp\\pool', optionsArg: 2, clientArg: 0, optionsKey: 'options', requestsArg: 1 },
    { static: ['guzzlehttp\\pool', 'batch'], optionsArg: 2, clientArg: 0, optionsKey: 'options', requestsArg: 1 },
  ],
  keyConstants: requestOptions,
  // Guzzle 5's ['defaults' => [...]] is silently ignored by 6 and 7 (http-clients.md [EXP]).
  ignoredKeys: [{ key: 'defaults', why: "Guzzle 6 and 7 ignore Guzzle 5's 'defaults' key, so the timeouts in it do nothing" }],
  facades: [],
  // new Client(['handler' => $stack]): middleware pushed on the stack may set the timeouts of every request.
  handlerStack: {
    key: 'handler',
    makes: [{ static: ['guzzlehttp\\handlerstack', 'create'], optionsArg: null }, { new: 'guzzlehttp\\handlerstack', optionsArg: null }],
    add: [{ method: 'push', arg: 0 }, { method: 'unshift', arg: 0 }, { method: 'before', arg: 1 }, { method: 'after', arg: 1 }],
    // Guzzle's own middleware (Middleware::retry(), ::log(), ::mapRequest() …) sets no request options.
    quiet: ['guzzlehttp\\middleware'],
    // guzzle/oauth-subscriber Oauth1::__invoke: signs the request, then $handler($request, $options) unchanged.
    quietObjects: ['guzzlehttp\\subscriber\\oauth\\oauth1'],
  },
  fluent: false,
  createIsRequest: false,
  // Guzzle docs request-options.rst: 'timeout' 0 (the default) waits forever; float seconds.
  // The whole request, connecting included (the curl handler sends it as CURLOPT_TIMEOUT_MS).
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], coversConnect: true },
  // Utils::chooseHandler wraps the curl handler with StreamHandler for a truthy 'stream' (allow_url_fopen on): there
  // 'timeout' is the http context timeout, which bounds the connect too, and 'connect_timeout' is never read (only
  // CurlFactory reads it; request-options.rst: "only supported by the built-in cURL handler"; http-clients.md [EXP]).
  // A 'handler' of the code's own may be curl's alone.
  connectUnreadWith: { key: 'stream', unless: 'handler' },
  // request-options.rst: 'connect_timeout' 0 (the default) is libcurl's 300 s.
  connect: { options: [{ name: 'connect_timeout', unit: 's' }], never: [], unset: [0, null, false] },
  libraryDefault: null,
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
