import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/node-http',
  language: 'js',
  client: 'node:http',
  summary: 'node:http and node:https request() and get(), also through follow-redirects',
  // follow-redirects' `http` and `https` have node's request() and get() and pass the options on to them: a signal
  // aborted its request after 1 s on a server that accepts and never answers, and `timeout` emitted 'timeout'.
  roots: {
    http: [
      { module: 'http' }, { module: 'node:http' }, { module: 'https' }, { module: 'node:https' },
      { module: 'follow-redirects', export: 'http' }, { module: 'follow-redirects', export: 'https' },
    ],
  },
  // http.request(url | options, [options], [callback])
  calls: [{ callee: ['http', ['request', 'get']], optionsArg: [0, 1], insertAt: 1 }],
  // nodejs.org/api/http.html: `signal` aborts at any phase, body included (http-clients.md [EXP]).
  // The never value is the idle `timeout`'s: 0 sets no socket timeout at all (http-clients.md summary: 0).
  total: { options: [{ name: 'signal', unit: 'ms' }], never: [0], unset: [] },
  connect: null,
  libraryDefault: null,
  // The `timeout` option and req.setTimeout() are socket-idle bounds that only emit 'timeout' (http-clients.md);
  // contract: an idle bound is no error, so they count as set where a 'timeout' listener ends the request (emitsOnly:
  // with none, only the event fires). The doc says why a signal is better.
  // It only emits 'timeout': the fix for `timeout: 0` writes the signal in its place instead of another idle value.
  idle: [{ name: 'timeout', unit: 'ms', emitsOnly: true }],
  // nodejs.org/api/http.html and events.html: request.setTimeout(), request.end() ("Returns: <this>"),
  // outgoingMessage.setHeader() and the emitter methods return the request; request.write() returns a boolean.
  handle: {
    methods: [{ name: 'setTimeout', option: 'timeout' }],
    chain: ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'off', 'removeListener', 'setTimeout', 'setHeader', 'end'],
    // nodejs.org/api/http.html: request.destroy() (and the deprecated abort()) ends the request in any phase, body
    // included; a timer that calls it is a total bound, as a timed signal is.
    aborts: ['destroy', 'abort'],
    // nodejs.org/api/http.html: request.socket is the underlying socket; request.connection its deprecated alias.
    sockets: ['socket', 'connection'],
    // http-clients.md: Node 19+'s http(s).globalAgent is `{ keepAlive: true, timeout: 5000 }`; its socket timeout
    // reaches the request as 'timeout' (nodejs/node PR #52392), which only a listener turns into an end.
    agentIdle: { option: 'timeout', event: 'timeout', since: 19 },
    // nodejs.org/api/http.html: the callback is added as a one-time 'response' listener, run once the headers are
    // parsed and handed the IncomingMessage; its body streams after. Measured on Node 20, timers at 1 s: a request
    // whose setTimeout() is armed there, or whose destroy timer is cleared there, was still open 9 s later on a
    // server that never answers, or sends its headers and stalls. `socket` and `connection` are the response's
    // socket (its address, its TLS certificate), `req` the request and `url` is empty on a client's response: none
    // reads the body.
    response: {
      event: 'response',
      callback: true,
      headerMembers: ['statusCode', 'statusMessage', 'headers', 'headersDistinct', 'rawHeaders', 'httpVersion', 'httpVersionMajor', 'httpVersionMinor', 'complete', 'aborted', 'resume', 'destroy', 'socket', 'connection', 'req', 'url'],
    },
  },
  fix: { kind: 'insertOption', total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})', endsBody: true }, level: 'fix' },
});
