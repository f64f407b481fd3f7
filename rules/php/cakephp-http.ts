import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';

const send = (method: string, optionsArg: number | null) => ({ method, optionsArg });
const client = 'cake\\http\\client';

export default defineClient({
  id: 'php/cakephp-http',
  language: 'php',
  client: 'CakePHP HTTP client',
  summary: "Cake\\Http\\Client (CakePHP 4 and 5): only a 'timeout' turned off is owed a finding",
  special: 'options-client',
  // `use Cake\Http\Client;`, an alias of it, `\Cake\Http\Client`, or a group `use Cake\Http\{Client, …}`.
  mentions: ['Cake\\Http'],
  // Cake\Http also names the request, response and middleware every CakePHP app uses; the client is spelled `Client`
  // wherever it is named, in its `use` too (`use Cake\Http\Client as Http;`).
  alsoMentions: ['Client'],
  // Client::__construct(array $config = []): setConfig($config) over the defaults (src/Http/Client.php, 4.x and 5.x).
  // Client::createFromUrl($url) is `new static($config)` of the URL's scheme, host, port and path alone.
  creates: [{ new: client, optionsArg: 0 }, { static: [client, 'createfromurl'], optionsArg: null }],
  injected: [client],
  derives: [],
  setters: [],
  // InstanceConfigTrait::setConfig($key, $value) or setConfig([$key => $value, …]), and configShallow(): merged
  // into the config (Hash::merge); setConfig('timeout', null) deletes the key (_configWrite(): `$value === null`).
  keyedSetters: ['setconfig', 'configshallow'],
  arraySetters: ['setconfig', 'configshallow'],
  mergingSetters: ['setconfig', 'configshallow'],
  // get($url, $data, $options), post(), put(), patch(), delete(), head(), options(), trace(): the options are
  // Hash::merge($this->_config, $options) (_mergeOptions()), a request's own winning. send($request, $options) hands
  // its options to the adapter; sendRequest($request) (PSR-18) the client's config.
  requests: [
    ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'].map((m) => send(m, 2)),
    send('send', 1), send('sendrequest', null),
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // Adapter\Curl::buildOptions() (src/Http/Client/Adapter/Curl.php l. 135-146, 5.x): `'timeout' => CURLOPT_TIMEOUT`,
  // set only `if (isset($options['timeout']))`: null leaves curl with no total bound, and 0, false or a fraction
  // (curl_setopt_array() casts to an integer) are CURLOPT_TIMEOUT 0, none; libcurl refuses a negative value, which
  // leaves its default, none. CURLOPT_TIMEOUT bounds the whole transfer, connecting included.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], negative: 'never', integerValues: true, coversConnect: true },
  // Curl::buildOptions() l. 155-158: each of the 'curl' option's curl options is written over $out after 'timeout'.
  curlOptions: { key: 'curl', options: CURL_TOTAL },
  // Client::__construct(): with no 'adapter', Adapter\Curl where ext/curl is loaded, else Adapter\Stream. Stream
  // (Adapter/Stream.php l. 188-189, 245, 5.x) gives 'timeout' to the http context, where 0 (false) fails at once
  // and null leaves default_socket_timeout (http-clients.md), and ends the body at a deadline only for a value above 0;
  // a negative one is no timeout in the http context.
  totalNeverWith: { key: 'adapter', values: ['cake\\http\\client\\adapter\\curl'], byDefault: true, negativeEverywhere: true },
  // Neither adapter sets a connect bound of its own (no CURLOPT_CONNECTTIMEOUT: libcurl's 300 s), within 'timeout'.
  connect: null,
  // src/Http/Client.php `$_defaultConfig` (4.x, l. 120; `$defaultConfig` in 5.x, l. 129): 'timeout' => 30.
  libraryDefault: { total: "30 s ('timeout')" },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
