import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';

const clients = ['laminas\\http\\client', 'zend\\http\\client'];

export default defineClient({
  id: 'php/laminas-http',
  language: 'php',
  client: 'Laminas HTTP client',
  summary: "Laminas\\Http\\Client (and Zend\\Http\\Client): only 'timeout' => 0 on the Curl adapter is owed a finding",
  special: 'options-client',
  mentions: ['Http\\Client'],
  // Client::__construct($uri = null, $options = null): the options go to setOptions().
  creates: clients.map((c) => ({ new: c, optionsArg: 1 })),
  injected: clients,
  derives: [],
  // setAdapter($adapter): a class name (or an adapter object, not followed) used from then on.
  setters: [{ method: 'setadapter', option: 'adapter' }],
  // setOptions([...]) merges keys into the client's config (Client.php).
  arraySetters: ['setoptions'],
  // send($request = null) and dispatch($request) send the request with the client's config.
  requests: [{ method: 'send', optionsArg: null }, { method: 'dispatch', optionsArg: null }],
  // Client::setOptions(): `str_replace(['-', '_', ' ', '.'], '', strtolower($k))` for each key.
  keyFold: { case: 'lower', drop: '-_ .' },
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  // setUri(), setMethod(), setHeaders(), setParameterGet() … return the client itself.
  fluent: true,
  createIsRequest: false,
  // Adapter\Curl::connect(): CURLOPT_TIMEOUT_MS = 'timeout' * 1000 where isset, so 0, false and null (not set) leave
  // curl with no total bound; the Socket adapter (the default) gives 0 to stream_socket_client() and
  // stream_set_timeout(), which fail at once rather than wait.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], coversConnect: true },
  // The Curl adapter writes 'curloptions' after 'timeout' (Adapter\Curl::write(): curl_setopt() of each): a
  // CURLOPT_TIMEOUT(_MS) among them decides the total, 0 turning it off; other curl options leave 'timeout' as it is.
  curlOptions: { key: 'curloptions', options: CURL_TOTAL },
  totalNeverWith: {
    key: 'adapter',
    values: ['laminas\\http\\client\\adapter\\curl', 'zend\\http\\client\\adapter\\curl'],
    // An adapter object (`new Curl()`) is that adapter while only setCurlOption() of other curl options is called on
    // it; Adapter\Curl::setCurlOption() adds to 'curloptions', written after 'timeout'.
    objectCalls: { method: 'setcurloption', arg: 0, prefix: 'CURLOPT_', except: ['CURLOPT_TIMEOUT', 'CURLOPT_TIMEOUT_MS'] },
  },
  connect: null,
  // Client::$config: 'timeout' => 10, 'adapter' => Socket.
  libraryDefault: { total: "10 s ('timeout')" },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
