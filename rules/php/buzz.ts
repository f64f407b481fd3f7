import { defineClient } from '../../src/catalogue/define-client';

const client = (cls: string) => `buzz\\client\\${cls}`;
const send = (method: string, optionsArg: number | null) => ({ method, optionsArg });

export default defineClient({
  id: 'php/buzz',
  language: 'php',
  client: 'Buzz',
  summary: "Buzz 1.x clients (Curl, MultiCurl, FileGetContents) and the Browser: only a disabled 'timeout' is owed a finding",
  special: 'options-client',
  mentions: ['Buzz\\'],
  // Buzz 1.x: new Curl($responseFactory, array $options = []) (AbstractClient::__construct); 0.17 took the options first.
  creates: [
    { new: client('curl'), optionsArg: 1 },
    { new: client('multicurl'), optionsArg: 1 },
    // FileGetContents puts 'timeout' in the http stream context: there 0 fails at once and only a negative
    // value waits forever (http-clients.md, PHP stream wrappers).
    {
      new: client('filegetcontents'),
      optionsArg: 1,
      total: { options: [{ name: 'timeout', unit: 's' }], never: [], unset: [], negative: 'never' },
    },
  ],
  // new Browser($client, $requestFactory): its requests go through the client given, with that client's options.
  wraps: [{ new: 'buzz\\browser', clientArg: 0, optionsArg: null }],
  injected: ['buzz\\browser', client('buzzclientinterface'), client('batchclientinterface')],
  derives: [],
  setters: [],
  // sendRequest(RequestInterface $request, array $options = []); the Browser's get/post/... take no options.
  requests: [
    send('sendrequest', 1), send('sendasyncrequest', 1),
    ...['get', 'post', 'head', 'patch', 'put', 'delete', 'request', 'submitform'].map((m) => send(m, null)),
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // AbstractCurl::setOptionsFromParameterBag: curl_setopt(CURLOPT_TIMEOUT, $timeout), so 0 is libcurl's "never",
  // fractions are cut, and a negative value is refused, leaving the handle's default of never.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0], unset: [], negative: 'never', integerValues: true },
  // No connect option: libcurl's 300 s, capped by the total.
  connect: null,
  // AbstractClient::configureOptions: 'timeout' => 30 (its doc/client.md says 0; the code sets 30).
  libraryDefault: { total: '30 s' },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
