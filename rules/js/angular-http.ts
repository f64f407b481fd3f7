import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/angular-http',
  language: 'js',
  client: 'Angular HttpClient',
  summary: 'HttpClient requests, injected or typed, bounded by the timeout option or by rxjs timeout() piped onto them',
  // The returned Observable is bounded by operators piped onto it: the special reads `.pipe(…)`.
  special: 'observable-pipe',
  roots: {
    HttpClient: [{ module: '@angular/common/http', export: 'HttpClient' }],
    httpResource: [{ module: '@angular/common/http', export: 'httpResource' }],
  },
  calls: [
    { callee: ['HttpClient', ['get', 'delete', 'head', 'options']], optionsArg: [1], insertAt: 1 },
    { callee: ['HttpClient', ['post', 'put', 'patch']], optionsArg: [2], insertAt: 2 },
    // request(method, url, options), or request(httpRequest): a request object may carry its own timeout.
    { callee: ['HttpClient', 'request'], optionsArg: [0, 2], insertAt: 2 },
    // jsonp(url, callbackParam) takes no options: only a piped timeout bounds it.
    { callee: ['HttpClient', 'jsonp'], optionsArg: [], insertAt: null },
    // httpResource(request, options?) (19.2+) sends `new HttpRequest(…, { …, timeout: request.timeout })` through
    // HttpClient (http.mjs normalizeRequest): the request, or what its function returns, holds the timeout; a URL
    // holds none, and the resource's own options (parse, defaultValue, injector, equal) take no timeout.
    {
      callee: ['httpResource'], optionsArg: [0], insertAt: null, requestReturned: true,
      remedy: 'timeout (ms) in the request it is given (() => ({ url, timeout })), or pipe rxjs timeout(ms) onto every request in an HTTP interceptor',
    },
    {
      callee: ['httpResource', ['text', 'blob', 'arrayBuffer']], optionsArg: [0], insertAt: null, requestReturned: true,
      remedy: 'timeout (ms) in the request it is given (() => ({ url, timeout })), or pipe rxjs timeout(ms) onto every request in an HTTP interceptor',
    },
  ],
  // The injector makes HttpClient and it holds no request options: each request is judged by what it sets.
  instances: [{ callee: ['HttpClient'], construct: true, optionsArg: [], insertAt: null, perRequest: true }],
  // A type-checker names the package '@angular/common' (its declaration files), the import '@angular/common/http'.
  types: [{ module: '@angular/common/http', names: ['HttpClient'] }, { module: '@angular/common', names: ['HttpClient'] }],
  injectors: [{ module: '@angular/core', export: 'inject' }],
  // http-clients.md: rxjs `timeout()` piped onto the request; unsubscribing aborts the request.
  pipe: {
    method: 'pipe',
    operators: [
      { module: 'rxjs', export: 'timeout' },
      { module: 'rxjs/operators', export: 'timeout' },
      { module: 'rxjs', export: 'timeoutWith' },
      { module: 'rxjs/operators', export: 'timeoutWith' },
    ],
    option: 'timeout',
  },
  // Angular's HttpRequest constructor: `(method, url, init?)` for GET, HEAD, DELETE, OPTIONS and JSONP, else
  // `(method, url, body, init?)`; a fourth argument is the init whatever the method (`mightHaveBody`, request.ts).
  requestClasses: [
    { class: { module: '@angular/common/http', export: 'HttpRequest' }, methodArg: 0, init: 3, bodyless: ['GET', 'HEAD', 'DELETE', 'OPTIONS', 'JSONP'] },
  ],
  total: {
    // http-clients.md: the `timeout` request option (ms) exists from @angular/common 20.3; the fetch backend's timer
    // covers the body, the XHR backend sets xhr.timeout. Below 1 Angular throws (error 2822), so no value means never.
    options: [{ name: 'timeout', unit: 'ms' }],
    never: [],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  fix: {
    kind: 'appendCall',
    template: '.pipe({{operator}}({{totalMs}}))',
    // Both end an upload or a download watched as it goes (`reportProgress`) while it is alive.
    total: { path: 'timeout', value: '{{totalMs}}', endsBody: true },
    // Which Angular the project runs cannot be told from the code: the option is offered beside the operator.
    alternative: { path: 'timeout', value: '{{totalMs}}', note: 'Angular 20.3 or later', endsBody: true },
    // http-clients.md: an interceptor applying timeout() bounds every request; the rule cannot see where one is
    // registered (the app's providers), so the message names it beside the per-request remedies.
    remedy: 'timeout (ms), or pipe rxjs timeout(ms) onto it (onto every request in an HTTP interceptor)',
    level: 'suggestion',
  },
});
