import { defineClient } from '../../src/catalogue/define-client';

// A call that takes no settings object is bounded only by the defaults.
const SETUP = 'timeout (ms) with $.ajaxSetup({ timeout }), or send it with $.ajax({ url, timeout })';

export default defineClient({
  id: 'js/jquery',
  language: 'js',
  client: 'jQuery.ajax',
  summary: 'jQuery $.ajax and its shorthands, with $.ajaxSetup / $.ajaxSettings defaults set in code',
  // `$` alone is in every template literal: the prefilter looks for its calls instead of the bare name.
  mentions: ['$.ajax', '$.get', '$.post', 'jQuery', '.load('],
  roots: { jQuery: [{ global: '$' }, { global: 'jQuery' }, { module: 'jquery' }] },
  // src/core/ready.js (3.x): `jQuery.fn.ready(fn)` calls `fn.call(document, jQuery)`; `jQuery(fn)` is `.ready(fn)`.
  readyCallbacks: true,
  calls: [
    // $.ajax(settings) and $.ajax(url, settings)
    { callee: ['jQuery', 'ajax'], optionsArg: [0, 1], insertAt: 1 },
    // $.get(url, data, success, type) takes no settings; $.get(settings) does (jQuery >= 1.12/3.0), and getJSON and
    // getScript, which call it (src/ajax.js). Written beside other arguments, the first is the URL: the settings
    // form is documented alone, and `$.post(url, data)` with a URL the analysis cannot read is the common case.
    { callee: ['jQuery', ['get', 'post', 'getJSON', 'getScript']], optionsArg: [0], optionsAlone: true, insertAt: null, remedy: SETUP },
    // src/ajax/load.js: `.load(url, params, callback)` sends `jQuery.ajax({ url, type, dataType, data })`, no settings
    // of the caller's; a first argument that is no string is the event shorthand of 1.x/2.x (`$(window).load(fn)`).
    { callee: ['jQuery()', 'load'], optionsArg: [], insertAt: null, urlArg: 0, remedy: SETUP },
  ],
  // `$(selector)` is a collection whose `.load()` takes the library's defaults: each request is judged alone.
  instances: [{ callee: ['jQuery'], optionsArg: [], insertAt: null, perRequest: true, makes: 'jQuery()' }],
  defaults: [['ajaxSettings']],
  setup: [['ajaxSetup']],
  // src/ajax.js:693-696 (4.0.0): the abort timer is armed only when `async && timeout > 0`; a synchronous request
  // gets no timer (http-clients.md), so no option bounds it and a fix adding `timeout` would do nothing.
  unchecked: [{ name: 'async', value: false, note: 'a synchronous request, which no timeout bounds (make it asynchronous)' }],
  total: {
    // src/ajax.js:308 (4.0.0): ajaxSettings.timeout is 0 = none; a timer aborts the whole exchange (693-696).
    options: [{ name: 'timeout', unit: 'ms' }],
    never: [0],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
