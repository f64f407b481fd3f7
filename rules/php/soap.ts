import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'php/soap',
  language: 'php',
  client: 'SoapClient',
  summary: "new SoapClient and its calls: 'connection_timeout' bounds the connect; only default_socket_timeout bounds the reads",
  special: 'options-client',
  mentions: ['SoapClient'],
  // php.net SoapClient::__construct(?string $wsdl, array $options = []): a `true` there is NuSOAP's soapclient.
  // SoapClient sends every call through __doRequest() (php.net SoapClient::__doRequest): a subclass's own that
  // never calls parent::__doRequest() sends them itself (curl for NTLM); the constructor still loads the WSDL.
  creates: [{ new: 'soapclient', optionsArg: 1, arrayOnly: true, sentBy: { method: '__dorequest', urlArg: 0 } }],
  injected: [],
  derives: [],
  setters: [],
  requests: [],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  // Every method call on a SoapClient is a request, __soapCall() or a magic one.
  createIsRequest: true,
  // php_http.c: reads wait default_socket_timeout; a stream context 'timeout' is ignored ([EXP]).
  total: { options: [], never: [], unset: [] },
  totalFromIni: 'default_socket_timeout',
  // php_http.c http_connect(): used only when > 0, else default_socket_timeout.
  connect: { options: [{ name: 'connection_timeout', unit: 's' }], never: [], unset: [0, null, false], negative: 'ignored' },
  libraryDefault: null,
  // With no timeout in the code, each wait for data ends after php.ini's default_socket_timeout (messages say so).
  iniBound: 'default_socket_timeout',
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
