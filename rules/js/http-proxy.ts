import { defineClient } from '../../src/catalogue/define-client';

const MIDDLEWARE = 'http-proxy-middleware';

// http-proxy-middleware 0.x to 3.x: `createConfig(context, opts)` (and 3.x's `legacyOptionsAdapter`) take the options
// alone or after a path filter (a string, an array or a function); 3.x's createProxyMiddleware takes the options alone.
// The middleware hands them to `proxy.web(req, res, options)` for each request it proxies.
// One argument is always the options: a filter alone has no target, which createConfig refuses.
const middleware = {
  optionsArg: [0, 1],
  insertAt: null,
  optionsIfObject: true,
  forms: [{ count: [1], optionsArg: [0], insertAt: null }],
} as const;
export default defineClient({
  id: 'js/http-proxy',
  language: 'js',
  client: 'http-proxy',
  summary: 'http-proxy servers (createProxyServer, new) and their web() and listen(), and http-proxy-middleware\'s middleware',
  roots: {
    // lib/http-proxy.js (1.18.1): `module.exports = ProxyServer`, with createProxyServer, createServer and createProxy.
    httpProxy: [{ module: 'http-proxy' }],
    createProxyMiddleware: [{ module: MIDDLEWARE, export: 'createProxyMiddleware' }],
    // 3.x dist/legacy/create-proxy-middleware.js: the 2.x signature, (context, options) or (options).
    legacyCreateProxyMiddleware: [{ module: MIDDLEWARE, export: 'legacyCreateProxyMiddleware' }],
    // 0.x: `module.exports = HttpProxyMiddleware`, called as `proxy('/api', { target })`.
    proxyMiddleware: [{ module: MIDDLEWARE }],
  },
  calls: [
    // lib/http-proxy/index.js:31-55: web(req, res, [options], [callback]) lays its options over the server's
    // (`extend(requestOptions, args[cntr])`); `proxyRequest` is the same function.
    { callee: ['httpProxy', ['web', 'proxyRequest']], optionsArg: [2], insertAt: 2 },
    // index.js:124-139: listen() serves each request with `self.web(req, res)`, the server's options alone.
    { callee: ['httpProxy', 'listen'], optionsArg: [], insertAt: null },
    // index.js:31 and passes/ws-incoming.js: ws() proxies an upgrade with no timer; it never reads proxyTimeout.
    // on() adds a listener. Neither escapes the analysis, so a server used only so is not reported.
    { callee: ['httpProxy', 'ws'], optionsArg: [], insertAt: null, inert: 'a WebSocket upgrade, which reads no `proxyTimeout`' },
    { callee: ['httpProxy', ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']], optionsArg: [], insertAt: null, inert: 'adds a listener' },
    { callee: ['createProxyMiddleware'], ...middleware },
    { callee: ['legacyCreateProxyMiddleware'], ...middleware },
    { callee: ['proxyMiddleware'], ...middleware },
  ],
  instances: [
    { callee: ['httpProxy', ['createProxyServer', 'createServer', 'createProxy']], optionsArg: [0], insertAt: 0 },
    { callee: ['httpProxy'], construct: true, optionsArg: [0], insertAt: 0 },
  ],
  // index.js:96-98: web() reads the very object kept as `proxy.options`, so keys written there later reach every request.
  defaults: [['options']],
  // http-proxy has no bound on the whole upstream request.
  total: {
    options: [],
    // passes/web-incoming.js:139-143 arms the timer only `if(options.proxyTimeout)`: 0, null and false arm none.
    never: [0, null, false],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  // web-incoming.js:139-143: `proxyReq.setTimeout(options.proxyTimeout, () => proxyReq.abort())`, a socket-idle timer
  // armed once connected, whose abort fails the request with ECONNRESET ("socket hang up") to the error listener or
  // web()'s callback. Measured (1.18.1): a silent upstream ended at 1 s with 1000; contract: an idle bound is set.
  idle: [{ name: 'proxyTimeout', unit: 'ms' }],
  // web-incoming.js:131-134 emits 'proxyReq' with the upstream ClientRequest once it has a socket, after the line
  // above armed proxyTimeout: `proxyReq.setTimeout(ms, () => proxyReq.destroy())` there arms the same idle timer.
  // http-proxy-middleware hands `on.proxyReq` (3.x) and `onProxyReq` (2.x) to `proxy.on('proxyReq', …)`.
  requestListener: { event: 'proxyReq', options: ['on.proxyReq', 'onProxyReq'], method: 'setTimeout', emits: 'timeout', aborts: ['destroy', 'abort'], option: 'proxyTimeout' },
  ignored: [{
    name: 'timeout',
    // web-incoming.js:52-56: `req.socket.setTimeout(options.timeout)` on the incoming socket. Measured: at 1 s the
    // client's connection was dropped, and the upstream socket was still open 4 s later.
    // http-proxy-middleware 4.x proxies with httpxy, whose `timeout` destroys the incoming socket and, on its
    // 'close', the upstream request (src/middleware/web-incoming.ts): `proxyTimeout` bounds it in every major.
    note: 'http-proxy\'s `timeout` bounds the incoming connection: the upstream request stays open when it runs out (before http-proxy-middleware 4).',
  }],
  fix: { kind: 'insertOption', total: { path: 'proxyTimeout', value: '{{totalMs}}' }, level: 'fix' },
});
