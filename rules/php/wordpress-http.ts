import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';
import { CURL_STREAMS } from './curl';

const fn = (name: string) => ({ fn: name, optionsArg: 1 });
const method = (name: string) => ({ method: name, optionsArg: 1 });

export default defineClient({
  id: 'php/wordpress-http',
  language: 'php',
  client: 'WordPress HTTP API',
  summary: 'wp_remote_*, wp_safe_remote_* and WP_Http: only a curl handle hook writing CURLOPT_TIMEOUT 0 is owed a finding',
  special: 'options-client',
  mentions: ['wp_remote_', 'wp_safe_remote_', 'download_url', 'WP_Http', '_wp_http_get_object', 'add_filter(', 'add_action('],
  creates: [{ new: 'wp_http', optionsArg: null }, { fn: '_wp_http_get_object', optionsArg: null }],
  injected: [],
  derives: [],
  setters: [],
  requests: [
    ...['wp_remote_get', 'wp_remote_post', 'wp_remote_head', 'wp_remote_request'].map(fn),
    ...['wp_safe_remote_get', 'wp_safe_remote_post', 'wp_safe_remote_head', 'wp_safe_remote_request'].map(fn),
    ...['request', 'get', 'post', 'head'].map(method),
    // wp-admin/includes/file.php: download_url($url, $timeout = 300) sends wp_safe_remote_get() with 'timeout' => $timeout.
    { fn: 'download_url', optionsArg: null, timeoutArg: 1 },
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // WP-Cron's spawn: a request that does not wait for the answer cannot hang on it (class-wp-http.php).
  nonBlocking: { key: 'blocking', value: false },
  // class-wp-http.php: 'http_request_timeout' gives the default timeout, 'http_request_args' the whole merged
  // arguments of every request (after the per-call ones), so what a filter returns reaches them all (a 0 too: no hang).
  filters: {
    fn: 'add_filter',
    hooks: [{ name: 'http_request_timeout', returns: 'option' }, { name: 'http_request_args', returns: 'options' }],
    // WordPress's functions.php: __return_zero() returns 0.
    known: { __return_zero: 0 },
    // WP_HTTP_Requests_Hooks::dispatch() fires 'http_api_curl' and 'requests-curl.before_send' from Requests'
    // 'curl.before_send', after Curl::setup_handle() has set the request's CURLOPT_TIMEOUT: a 0 written there is curl's
    // "never" for all.
    handleHooks: {
      fns: ['add_action', 'add_filter'],
      hooks: ['http_api_curl', 'requests-curl.before_send'],
      note: 'The action runs for every request sent over curl.',
      set: 'curl_setopt',
      setArray: 'curl_setopt_array',
      options: CURL_TOTAL,
      never: [0, null, false],
      // A hook that also streams the body (CURLOPT_FILE …) turned the total off for it: a fix is only offered.
      streams: CURL_STREAMS,
    },
  },
  // class-wp-http.php: 'timeout' in float seconds, handed to Requests, where no value is "never": its curl transport
  // sets max($options['timeout'], 1), so 0 gives up after 1 s; its fsockopen transport's read gives up at once.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [], unset: [] },
  connect: null,
  // WP_Http::request() defaults 'timeout' to apply_filters('http_request_timeout', 5).
  libraryDefault: { total: "5 s (filter 'http_request_timeout')" },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
