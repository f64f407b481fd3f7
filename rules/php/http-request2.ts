import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'php/http-request2',
  language: 'php',
  client: 'HTTP_Request2',
  summary: "PEAR HTTP_Request2: only the Curl adapter is owed a 'timeout'",
  mentions: ['HTTP_Request2'],
  special: 'options-client',
  // HTTP_Request2::__construct($url = null, $method = 'GET', array $config = []): the config goes to setConfig().
  creates: [{ new: 'http_request2', optionsArg: 2 }],
  injected: ['http_request2'],
  derives: [],
  // setAdapter($adapter): a class name, a short name ('curl' is HTTP_Request2_Adapter_Curl), or an adapter object;
  // it wins over the 'adapter' config, which send() reads only when no adapter was set.
  setters: [{ method: 'setadapter', option: 'adapter' }],
  // setConfig($name, $value) or setConfig([$name => $value, …]), each key set in turn (Request2.php).
  keyedSetters: ['setconfig'],
  arraySetters: ['setconfig'],
  // HTTP_Request2::setConfig(array) calls setConfig($name, $value) for each key: the others stay.
  mergingSetters: ['setconfig'],
  requests: [{ method: 'send', optionsArg: null }],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  // setUrl(), setMethod(), setHeader(), setBody(), addPostParameter() … return the request itself.
  fluent: true,
  createIsRequest: false,
  // Adapter\Curl::createCurlHandle(): CURLOPT_TIMEOUT = 'timeout' only where it is truthy, so the default 0 (and null,
  // false) leaves the transfer with no total bound; the value is cut to an integer, and libcurl refuses a negative one.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], negative: 'never', integerValues: true, coversConnect: true },
  // The Socket adapter, the default, turns a 'timeout' of 0 into a deadline of default_socket_timeout
  // (SocketWrapper::setDeadline()), and fails at once past a negative one: only the Curl adapter is owed a total.
  totalNeverWith: { key: 'adapter', values: ['http_request2_adapter_curl', 'curl'], missingToo: true },
  connect: null,
  // $config: 'connect_timeout' => 10, given to CURLOPT_CONNECTTIMEOUT and to stream_socket_client().
  connectDefault: "10 s ('connect_timeout')",
  libraryDefault: null,
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
