import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';

/** libcurl's connect bound, as curl options set it (also through a client that hands curl options on: Httpful). */
/**
 * A body written to a file or a callback as it arrives (a download, an event stream), one read from a file or a
 * callback (an upload), or a transfer that reports its progress: CURLOPT_TIMEOUT would also end it while alive.
 */
export const CURL_STREAMS = [
  'CURLOPT_WRITEFUNCTION', 'CURLOPT_FILE', 'CURLOPT_READFUNCTION', 'CURLOPT_INFILE', 'CURLOPT_UPLOAD',
  'CURLOPT_PROGRESSFUNCTION', 'CURLOPT_XFERINFOFUNCTION',
];

export const CURL_CONNECT = {
  options: [
    { name: 'CURLOPT_CONNECTTIMEOUT', code: 78, unit: 's' },
    { name: 'CURLOPT_CONNECTTIMEOUT_MS', code: 156, unit: 'ms' },
  ],
  never: [],
  // libcurl connect.h DEFAULT_CONNECT_TIMEOUT: 0 puts back the 300 s default; it is not "never".
  unset: [0, null, false],
  negative: 'ignored',
  integerValues: true,
} as const;

export default defineClient({
  id: 'php/curl',
  language: 'php',
  client: 'curl',
  summary: 'ext/curl handles from curl_init, run by curl_exec or curl_multi',
  special: 'curl-handle',
  // Reports are made where a handle is created, so a file without these cannot hold a finding.
  mentions: ['curl_init', 'curl_copy_handle', 'curl_reset'],
  handle: {
    create: ['curl_init'],
    // php docs: curl_copy_handle copies every option, timeouts included (http-clients.md [EXP]).
    copy: ['curl_copy_handle'],
    // curl_reset puts every option back to its default, timeouts included (http-clients.md [EXP]).
    reset: ['curl_reset'],
    setOption: ['curl_setopt'],
    setOptions: ['curl_setopt_array'],
    execute: [
      { fn: 'curl_exec', arg: 0 },
      // The multi interface sends nothing until curl_multi_exec(), and libcurl reads the easy handle's options then:
      // CURLOPT_TIMEOUT 1 set after curl_multi_add_handle timed out a silent server at 1.0 s (PHP 8.2, libcurl 7.88).
      { fn: 'curl_multi_add_handle', arg: 1, sentBy: ['curl_multi_exec'] },
    ],
    optionPrefixes: ['CURLOPT_'],
    // ext/curl's one curl_setopt option named otherwise (= 2: keep the request headers for curl_getinfo). Measured
    // on PHP 8.2: of the ext/curl constants not named CURLOPT_*, curl_setopt takes no other as an option of its own
    // (some equal an option's value by chance: CURLE_FTP_WEIRD_PASV_REPLY is 13, CURLOPT_TIMEOUT).
    otherOptions: ['CURLINFO_HEADER_OUT'],
    streams: CURL_STREAMS,
    inert: [
      'curl_close', 'curl_errno', 'curl_error', 'curl_strerror', 'curl_getinfo', 'curl_pause', 'curl_escape',
      'curl_unescape', 'curl_upkeep', 'curl_multi_remove_handle', 'curl_multi_getcontent', 'curl_multi_info_read',
      'is_resource', 'is_object', 'gettype', 'get_resource_type', 'get_class', 'spl_object_id', 'spl_object_hash',
      'var_dump', 'print_r', 'var_export', 'intval', 'unset', 'isset', 'empty',
    ],
  },
  total: {
    options: [
      ...CURL_TOTAL,
    ],
    // libcurl CURLOPT_TIMEOUT.md: 0 (the default) means never; PHP takes null and false as 0.
    never: [0, null, false],
    unset: [],
    // A negative value makes curl_setopt return false and keeps the old one (http-clients.md [EXP]).
    negative: 'ignored',
    // ext/curl converts the value to int: CURLOPT_TIMEOUT => 0.5 is 0, never (http-clients.md [EXP]).
    integerValues: true,
    // libcurl CURLOPT_TIMEOUT.md: the whole transfer, name resolving and connecting included.
    coversConnect: true,
  },
  connect: CURL_CONNECT,
  // LOW_SPEED_LIMIT + LOW_SPEED_TIME abort a stalled transfer, but a slow drip passes (http-clients.md [EXP]).
  idle: [
    { name: 'CURLOPT_LOW_SPEED_LIMIT', code: 19, unit: 's' },
    { name: 'CURLOPT_LOW_SPEED_TIME', code: 20, unit: 's' },
  ],
  // PHP sets no timeout on a new handle and ext/curl has no php.ini timeout (http-clients.md).
  libraryDefault: null,
  fix: {
    kind: 'insertStatementAfter',
    statement: 'curl_setopt({{handle}}, {{option}}, {{value}});',
    arrayEntry: '{{option}} => {{value}}',
    level: 'fix',
  },
});
