import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';
import { CURL_STREAMS } from './curl';

const classes = ['requests', 'wporg\\requests\\requests'];
const multiple = { optionsArg: 1, overriddenBy: { arg: 0, key: 'options' } } as const;
const calls = [['get', 2], ['head', 2], ['delete', 2], ['post', 3], ['put', 3], ['patch', 3], ['options', 3], ['request', 4]] as const;

export default defineClient({
  id: 'php/requests',
  language: 'php',
  client: 'Requests',
  summary: "WpOrg\\Requests and Requests 1.x: only a curl.before_send hook writing CURLOPT_TIMEOUT 0 is owed a finding",
  special: 'options-client',
  mentions: ['Requests::', 'Requests\\', 'Requests_Session', 'Requests_Hooks'],
  creates: [{ new: 'wporg\\requests\\session', optionsArg: 3 }, { new: 'requests_session', optionsArg: 3 }],
  injected: [],
  derives: [],
  setters: [],
  requests: [
    ...classes.flatMap((cls) => calls.map(([m, arg]) => ({ static: [cls, m] as const, optionsArg: arg }))),
    ...calls.map(([m, arg]) => ({ method: m, optionsArg: arg })),
    // src/Requests.php request_multiple(): each request's own 'options' are merged over the shared ones.
    ...classes.map((cls) => ({ static: [cls, 'request_multiple'] as const, ...multiple })),
    // src/Session.php request_multiple(): array_merge($this->options, $options), then Requests::request_multiple().
    { method: 'request_multiple', ...multiple },
  ],
  // src/Transport/Curl.php request(): setup_handle() sets CURLOPT_TIMEOUT(_MS) from 'timeout', then
  // dispatch('curl.before_send', [&$this->handle]): a 0 a hook writes on the handle there is curl's "never".
  filters: {
    hooks: [],
    known: {},
    handleHooks: {
      fns: [],
      registers: { classes: ['wporg\\requests\\hooks', 'requests_hooks'], method: 'register' },
      hooks: ['curl.before_send'],
      note: 'The hook runs for every request given these hooks and sent over curl.',
      set: 'curl_setopt',
      setArray: 'curl_setopt_array',
      options: CURL_TOTAL,
      never: [0, null, false],
      // A hook that also streams the body (CURLOPT_FILE …) turned the total off for it: a fix is only offered.
      streams: CURL_STREAMS,
    },
  },
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // src/Requests.php: 'timeout' and 'connect_timeout' default to 10 s; float seconds. No 'timeout' is "never":
  // src/Transport/Curl.php setup_handle() sets max($options['timeout'], 1), so 0 (null, false) gives up after 1 s,
  // and src/Transport/Fsockopen.php's stream_set_timeout($socket, 0) makes the first read give up at once.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [], unset: [] },
  connect: { options: [{ name: 'connect_timeout', unit: 's' }], never: [], unset: [0] },
  libraryDefault: { total: '10 s, connect 10 s' },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
