import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';
import { CURL_CONNECT } from './curl';

const request = 'httpful\\request';
const make = (method: string) => ({ static: [request, method] as const, optionsArg: null });

export default defineClient({
  id: 'php/httpful',
  language: 'php',
  client: 'Httpful',
  summary: 'Httpful\\Request builders (Request::get(), Request::init(), templates from Request::ini()) sent by send()',
  special: 'options-client',
  mentions: ['Httpful'],
  // Request.php (0.3.2): every factory returns a fresh Request, whose setters return it again.
  creates: ['init', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options'].map(make),
  // A Request made elsewhere and passed in: its settings are unknown.
  injected: [request],
  derives: [],
  setters: [
    { method: 'timeout', option: 'timeout' },
    { method: 'timeoutin', option: 'timeout' },
  ],
  // addOnCurlOption($opt, $value): set on the handle after everything else, so it wins (Request::_curlPrep).
  keyedSetters: ['addoncurloption'],
  // Request::ini() clones its argument as the template every later Request copies, timeout and curl options included.
  templates: [{ static: [request, 'ini'], optionsArg: null, arg: 0 }],
  requests: [
    { method: 'send', optionsArg: null },
    { method: 'sendit', optionsArg: null },
    // getQuick($uri) is get($uri)->send(): nothing can be set on it.
    { static: [request, 'getquick'], optionsArg: null },
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: true,
  createIsRequest: false,
  labels: {
    timeout: '->timeout()',
    CURLOPT_TIMEOUT: '->addOnCurlOption(CURLOPT_TIMEOUT, …)',
    CURLOPT_TIMEOUT_MS: '->addOnCurlOption(CURLOPT_TIMEOUT_MS, …)',
    CURLOPT_CONNECTTIMEOUT: '->addOnCurlOption(CURLOPT_CONNECTTIMEOUT, …)',
  },
  // Request::timeout(): seconds, sent as CURLOPT_TIMEOUT_MS only when set (isset, so null is unset); 0 is libcurl's "never".
  total: {
    options: [
      { name: 'timeout', unit: 's' },
      ...CURL_TOTAL,
    ],
    never: [0, false],
    unset: [null],
    // Sent as CURLOPT_TIMEOUT_MS: the whole transfer, connecting included.
    coversConnect: true,
  },
  // No connect option of its own: libcurl's 300 s applies unless a curl option sets one.
  connect: CURL_CONNECT,
  libraryDefault: null,
  fix: {
    kind: 'appendCall',
    total: '->timeout({{value}})',
    connect: '->addOnCurlOption(CURLOPT_CONNECTTIMEOUT, {{value}})',
    level: 'fix',
  },
});
