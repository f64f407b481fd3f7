import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'php/socket',
  language: 'php',
  client: 'socket',
  summary: 'fsockopen, pfsockopen and stream_socket_client, and reads bounded by stream_set_timeout',
  special: 'socket-open',
  mentions: ['fsockopen', 'stream_socket_client'],
  calls: [
    { fn: 'fsockopen', timeoutArg: 4, fill: ['', '$errno', '$errstr'] },
    { fn: 'pfsockopen', timeoutArg: 4, fill: ['', '$errno', '$errstr'] },
    { fn: 'stream_socket_client', timeoutArg: 3, fill: ['$errno', '$errstr'] },
  ],
  connect: {
    // The timeout argument bounds the connect only; null means default_socket_timeout (http-clients.md [EXP]).
    options: [{ name: 'timeout', unit: 's' }],
    never: [],
    unset: [null],
    // A negative timeout means no connect timeout ([EXP]: -1 was still connecting at the 6 s cap).
    negative: 'never',
  },
  // Reads are bounded by stream_set_timeout() on the socket, an idle bound; nothing bounds the total.
  total: { options: [{ name: 'stream_set_timeout', unit: 's' }], never: [], unset: [] },
  libraryDefault: null,
  // With no timeout in the code, each wait for data ends after php.ini's default_socket_timeout (messages say so).
  iniBound: 'default_socket_timeout',
  fix: { kind: 'socketTimeout', readTimeout: 'stream_set_timeout({{handle}}, {{value}});', level: 'fix' },
});
