import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/superagent',
  language: 'js',
  client: 'superagent',
  summary: 'superagent requests and agents, bounded by .timeout() on the chain',
  // Bounds are set by chained `.timeout()` calls, not an options object: the special reads them.
  special: 'superagent-chain',
  roots: { superagent: [{ module: 'superagent' }, { global: 'superagent' }] },
  calls: [
    // superagent(url), superagent(method, url), superagent.get(url, [data], [fn]): no options argument.
    { callee: ['superagent'], optionsArg: [], insertAt: null },
    { callee: ['superagent', ['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options']], optionsArg: [], insertAt: null },
  ],
  // lib/agent-base.js:3: an agent replays its `.timeout()` on every request it makes (http-clients.md).
  instances: [{ callee: ['superagent', 'agent'], optionsArg: [], insertAt: null }],
  // @types/superagent: the default export is SuperAgentStatic; superagent.agent() returns an Agent.
  types: [{ module: 'superagent', names: ['SuperAgentStatic', 'SuperAgent', 'Agent'] }],
  // superagent-promise 1.1 index.js: `require('superagent-promise')(superagent, Promise)` is a request function over
  // superagent's own Request (`PromiseRequest`), with get/post/…: the same chain, `.timeout()` included, and no bound.
  wrappers: [{ module: 'superagent-promise' }],
  total: {
    // request-base.js:108-113: `.timeout(n)` is the deadline, a total; default none [EXP stall running at 12 s].
    options: [{ name: 'deadline', unit: 'ms' }],
    // http-clients.md: 0 or false means no timeout.
    never: [0, false],
    unset: [],
    // request-base.js `_setTimeouts`: the deadline timer starts with the response timer, before the connect,
    // so `response: 0` beside a set deadline leaves no phase unbounded.
    coversConnect: true,
  },
  // request-base.js:95-101: `response` runs to the first byte, DNS and connect included.
  connect: { options: [{ name: 'response', unit: 'ms' }], never: [0, false], unset: [] },
  libraryDefault: null,
  // After the first byte `response` is done, so a drip runs on [EXP]: an idle-class bound, no error alone.
  idle: [{ name: 'response', unit: 'ms' }],
  handle: {
    // request-base.js: these methods return the request, so a name given the chain holds it.
    chain: ['set', 'query', 'send', 'type', 'accept', 'auth', 'field', 'attach', 'withCredentials', 'redirects', 'retry', 'ok', 'use', 'buffer', 'responseType', 'timeout', 'on', 'once'],
    // superagent docs ("Aborting requests"): req.abort() ends the request in any phase; run by a timer, a total.
    aborts: ['abort'],
  },
  fix: {
    kind: 'appendCall',
    template: '.timeout({{options}})',
    total: { path: 'deadline', value: '{{totalMs}}' },
    connect: { path: 'response', value: '{{connectMs}}' },
    level: 'fix',
  },
});
