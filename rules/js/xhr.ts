import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/xhr',
  language: 'js',
  client: 'XMLHttpRequest',
  summary: 'new XMLHttpRequest(), bounded by xhr.timeout set on the object',
  // The timeout is a property written after creation: the special follows the handle.
  special: 'xhr-handle',
  roots: { XMLHttpRequest: [{ global: 'XMLHttpRequest' }] },
  calls: [{ callee: ['XMLHttpRequest'], construct: true, optionsArg: [], insertAt: null }],
  // XHR standard, "timeout" attribute: ms, a total; default 0 = none (http-clients.md).
  total: { options: [{ name: 'timeout', unit: 'ms' }], never: [0], unset: [] },
  connect: null,
  libraryDefault: null,
  handle: { properties: ['timeout'] },
  fix: {
    kind: 'statementAfter',
    template: '{{handle}}.timeout = {{totalMs}};',
    total: { path: 'timeout', value: '{{totalMs}}' },
    level: 'fix',
  },
});
