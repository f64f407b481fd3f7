import { defineClient } from '../../src/catalogue/define-client';

const send = (method: string, optionsArg: number | null) => ({ method, optionsArg });

export default defineClient({
  id: 'php/codeigniter-curlrequest',
  language: 'php',
  client: 'CodeIgniter CURLRequest',
  summary: "CodeIgniter 4's curl client (service('curlrequest'), Services::curlrequest()): no total timeout unless one is given",
  special: 'options-client',
  // `service('curlrequest')`: the service id is a string, so the call's own name is the word; `curlrequest` names the
  // class and `Services::curlrequest()` written any way.
  mentions: ['curlrequest', 'service(', 'Config\\Services::curlrequest'],
  // system/Config/Services.php curlrequest(array $options = [], …) and the service() / single_service() helpers,
  // which call it with the arguments after the name.
  creates: [
    { static: ['config\\services', 'curlrequest'], optionsArg: 0 },
    { fn: 'service', firstArg: 'curlrequest', optionsArg: 1 },
    { fn: 'single_service', firstArg: 'curlrequest', optionsArg: 1 },
    // CURLRequest::__construct(App $config, URI $uri, ?ResponseInterface $response = null, array $options = []).
    { new: 'codeigniter\\http\\curlrequest', optionsArg: 3 },
  ],
  injected: ['codeigniter\\http\\curlrequest'],
  derives: [],
  setters: [],
  // request($method, $url, $options) and the shorthands ($url, $options); each request's options are merged over the
  // client's (parseOptions()).
  requests: [
    send('request', 2),
    ...['get', 'delete', 'head', 'options', 'patch', 'post', 'put'].map((m) => send(m, 1)),
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  // setBody(), setForm(), setJSON(), setAuth(), setHeader() return the client itself.
  fluent: true,
  createIsRequest: false,
  // setCURLOptions(): CURLOPT_TIMEOUT_MS = (float) timeout * 1000, so 0 (the default, 0.0), null and false wait
  // forever; the whole request, connecting included.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], coversConnect: true },
  // CURLOPT_CONNECTTIMEOUT_MS = connect_timeout * 1000: 0 is libcurl's own 300 s.
  connect: { options: [{ name: 'connect_timeout', unit: 's' }], never: [], unset: [0, null, false] },
  // $config = ['timeout' => 0.0, 'connect_timeout' => 150, …]: no total bound (the connect one is 150 s).
  libraryDefault: null,
  // Services::curlrequest($options) hands back the shared instance (getShared, true by default) once one is made, the
  // options of later calls unread: options added here may never reach the request, so the fix is offered only.
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'suggestion' },
});
