import { defineClient } from '../../src/catalogue/define-client';
import { requestOptions } from './guzzle';

const send = (method: string) => ({ method, optionsArg: null });

export default defineClient({
  id: 'php/laravel-http',
  language: 'php',
  client: 'Laravel Http',
  summary: "Laravel's Http facade: from Laravel 9 only a timeout set to 0 is owed a finding; on Laravel 7 and 8, any request without one",
  special: 'options-client',
  // An injected factory is named in its `use`: `Http\Client\Factory`, or `Http\Client\{Factory, ...}` in a group
  // (not `StatsdClient\Factory`).
  mentions: ['Http::', 'Facades\\Http', 'PendingRequest', 'Http\\Client\\Factory', 'Http\\Client\\{', '{Client\\Factory'],
  creates: [],
  injected: ['illuminate\\http\\client\\pendingrequest'],
  // Factory::globalOptions() gives every later request these options, over the PendingRequest defaults.
  derives: [{ method: 'withoptions', optionsArg: 0 }, { method: 'globaloptions', optionsArg: 0 }],
  // PendingRequest::timeout(int|float $seconds), connectTimeout(int|float $seconds) (`int` in 9): null throws.
  setters: [
    { method: 'timeout', option: 'timeout', numeric: true },
    { method: 'connecttimeout', option: 'connect_timeout', numeric: true },
  ],
  // get/post/... take a query or body, not options; send($method, $url, $options) passes its options to Guzzle.
  requests: [...['get', 'post', 'put', 'patch', 'delete', 'head'].map(send), { method: 'send', optionsArg: 2 }],
  // withOptions()/send() options go to Guzzle, so its RequestOptions constants name the same keys.
  keyConstants: requestOptions,
  ignoredKeys: [],
  // Each method call on the facade, on an injected Factory (Factory::__call() forwards to newPendingRequest()), or
  // on the Pool that Http::pool() hands its callback, starts a new PendingRequest.
  facades: ['illuminate\\support\\facades\\http', 'http', 'illuminate\\http\\client\\factory', 'illuminate\\http\\client\\pool'],
  callbacks: [{ method: 'pool', arg: 0 }],
  fluent: true,
  createIsRequest: false,
  // Options go to Guzzle: 'timeout' 0 waits forever (laravel/docs PR #8675); withOptions() merges over the 30 s default,
  // and Guzzle's CurlFactory sets no timeout for null (`isset`) and 0 ms for false, as for php/guzzle.
  // Guzzle's: the whole request, connecting included.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], coversConnect: true },
  connect: { options: [{ name: 'connect_timeout', unit: 's' }], never: [], unset: [0] },
  // PendingRequest::__construct sets connect_timeout 10 and timeout 30 since Laravel 9 (PR #40187); Laravel 7 and
  // 8 set only 'http_errors' => false: no total, libcurl's 300 s connect (8.83 PendingRequest.php).
  libraryDefault: {
    total: '30 s, connect 10 s (Laravel 9 and later)',
    since: { packages: ['laravel/framework', 'illuminate/http'], major: 9, before: 'Laravel 7 and 8 set no timeout of their own' },
  },
  // withOptions() is in Laravel 7 and later (connectTimeout() came in 9): a request with no options array is given one.
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", chain: 'withOptions([{{entries}}])', level: 'fix' },
});
