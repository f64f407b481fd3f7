import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';

const yii = 'yii\\httpclient\\';
// Client::get|post|put|patch|delete($url, $data, $headers, $options), head($url, $headers, $options),
// options($url, $options): a Request with these options added (createRequestShortcut(), Client.php 2.0).
const shortcut = (method: string, optionsArg: number) => ({ method, optionsArg });

export default defineClient({
  id: 'php/yii2-httpclient',
  language: 'php',
  client: 'Yii2 HTTP client',
  summary: "yii\\httpclient\\Client and its Requests: a request with no 'timeout', or one turned off on the CurlTransport",
  mentions: ['httpclient'],
  special: 'options-client',
  // new Client($config): a Yii component's config; its requests take the options under 'requestConfig' =>
  // ['options' => [...]] (createRequest() makes each Request from $requestConfig), its transport is 'transport'.
  creates: [{ new: `${yii}client`, optionsArg: 0, optionsPath: { keys: ['requestConfig', 'options'], keep: ['transport'] } }],
  // A Client or Request made elsewhere (a component of the application): its options are unknown.
  injected: [`${yii}client`, `${yii}request`],
  // createRequest() and the shortcuts return a Request of the client's, whose own options go over the client's.
  derives: [
    { method: 'createrequest', optionsArg: null },
    ...['get', 'post', 'put', 'patch', 'delete'].map((m) => shortcut(m, 3)),
    shortcut('head', 2), shortcut('options', 1),
  ],
  // setTransport($transport): a class name, a config array with 'class', or a Transport object.
  setters: [{ method: 'settransport', option: 'transport' }],
  // Request::setOptions() replaces the request's options, addOptions() merges into them (Request.php).
  arraySetters: ['setoptions', 'addoptions'],
  // Request::addOptions() sets each key it is given; setOptions() replaces them all.
  mergingSetters: ['addoptions'],
  requests: [
    // Request::send() sends itself; Client::send($request) sends the request given.
    { method: 'send', optionsArg: null, clientArg: 0 },
    // Client::batchSend($requests): each with its own options (CurlTransport::batchSend() prepares each request).
    { method: 'batchsend', optionsArg: null, listArg: 0 },
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  // setMethod(), setUrl(), setData(), addHeaders(), setFormat() … return the Request itself.
  fluent: true,
  createIsRequest: false,
  // CurlTransport::composeCurlOptions(): 'timeout' becomes CURLOPT_TIMEOUT (an integer key is a curl option as it
  // is), set only where given, so a request with none, or with 0, has no total bound; the value is cut to an integer,
  // and libcurl refuses a negative one, leaving none.
  total: {
    options: [
      { name: 'timeout', unit: 's' },
      ...CURL_TOTAL,
    ],
    never: [0, null, false],
    unset: [],
    negative: 'never',
    integerValues: true,
    coversConnect: true,
  },
  // StreamTransport, the default, gives 'timeout' to the http stream context, an idle bound that covers the connect, as
  // php/stream reads it: without one, only the idle default_socket_timeout applies (reported, as php/stream does), and
  // a 0 fails at once rather than waiting, so 0 means "never" on the CurlTransport alone.
  // A negative 'timeout' is the context's "never" too (http-clients.md, PHP stream wrappers).
  // On the StreamTransport a request with no 'timeout' waits at most default_socket_timeout for each read.
  totalNeverWith: {
    key: 'transport', values: [`${yii}curltransport`], negativeEverywhere: true,
    iniBoundWith: { values: [`${yii}streamtransport`], byDefault: true },
  },
  // Each transport makes the request's options its own way (2.0): CurlTransport::composeCurlOptions() passes an integer
  // key as it is and makes a string one the constant 'CURLOPT_' . strtoupper($key), so 'timeout', 'TIMEOUT' and
  // CURLOPT_TIMEOUT are one option, 'timeout_ms' CURLOPT_TIMEOUT_MS; StreamTransport::composeContextOptions() gives the
  // http context Inflector::underscore($key), where only 'timeout' and 'Timeout' are 'timeout' ('TIMEOUT' is
  // 't_i_m_e_o_u_t') and an integer key is no context option.
  transportKeys: {
    key: 'transport',
    transports: [
      { values: [`${yii}curltransport`], label: 'CurlTransport', fold: 'upper', prefix: 'CURLOPT_', options: CURL_TOTAL },
      { values: [`${yii}streamtransport`], byDefault: true, label: 'StreamTransport', fold: 'underscore', prefix: '', options: [{ name: 'timeout', unit: 's' }] },
    ],
  },
  // 'connectTimeout' becomes CURLOPT_CONNECTTIMEOUT; the total covers the connect, and is what the finding asks for.
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
