import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';

// Http::get|head|options|trace($url, $headers, $timeout), delete($url, $headers, $timeout, $data),
// post|put|patch($url, $data, $headers, $timeout): the timeout is an argument of its own (Http.php).
const send = (method: string, timeoutArg: number) => ({ method, optionsArg: null, timeoutArg });
const clients = ['joomla\\http\\http', 'joomla\\cms\\http\\http', 'jhttp'];

export default defineClient({
  id: 'php/joomla-http',
  language: 'php',
  client: 'Joomla HTTP',
  summary: 'Joomla\\Http\\Http, Joomla\\CMS\\Http\\Http (JHttp) and HttpFactory::getHttp(): no timeout unless one is given',
  special: 'options-client',
  mentions: ['Joomla\\', 'JHttp'],
  // Http::__construct($options = [], $transport = null); HttpFactory::getHttp($options, $adapters) makes one.
  creates: [
    // Joomla 3's JHttp(Registry $options) and JHttpFactory::getHttp(Registry $options): an array is a TypeError.
    // The CMS's Joomla\CMS\Http\Http and HttpFactory::getHttp() take a Registry too before Joomla 4 (3.8 to 3.10).
    ...clients.map((c) => ({
      new: c, optionsArg: 0,
      ...(c === 'jhttp' ? { noArrayOptions: true } : c === 'joomla\\cms\\http\\http' ? { arrayOptionsSince: 'Joomla 4' } : {}),
    })),
    { static: ['joomla\\cms\\http\\httpfactory', 'gethttp'], optionsArg: 0, arrayOptionsSince: 'Joomla 4' },
    { static: ['joomla\\http\\httpfactory', 'gethttp'], optionsArg: 0 },
    { static: ['jhttpfactory', 'gethttp'], optionsArg: 0, noArrayOptions: true },
  ],
  injected: [...clients, 'joomla\\http\\httpinterface'],
  derives: [],
  // setOption($key, $value): setOption('timeout', 30).
  setters: [],
  keyedSetters: ['setoption'],
  requests: [
    ...['get', 'head', 'options', 'trace', 'delete'].map((m) => send(m, 2)),
    ...['post', 'put', 'patch'].map((m) => send(m, 3)),
    { method: 'sendrequest', optionsArg: null },
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // makeTransportRequest(): a null timeout takes the client's 'timeout' option. Transport\Curl (the transport chosen
  // where ext/curl is loaded): CURLOPT_TIMEOUT and CURLOPT_CONNECTTIMEOUT = (int) $timeout where isset, else neither,
  // so no timeout leaves the transfer unbounded and 0 (or 0.5, cut to 0) waits forever.
  // Transport\Curl::request() sets the options of 'transport.curl' after its own: a CURLOPT_TIMEOUT(_MS) there wins.
  // Registry::__construct($data), set($path, $value): a path with '.' names a nested key.
  optionsObjects: { classes: ['jregistry', 'joomla\\registry\\registry'], arg: 0, set: 'set', reads: ['get', 'exists'], separator: '.' },
  curlOptions: { key: 'transport.curl', options: CURL_TOTAL },
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, false], unset: [null], integerValues: true, coversConnect: true },
  connect: null,
  libraryDefault: null,
  // Joomla 3's JHttp and JHttpFactory::getHttp() take a Registry, not an array: the fix is offered only.
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'suggestion' },
});
