import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/ky',
  language: 'js',
  client: 'ky',
  summary: 'ky calls and instances from ky.create / ky.extend',
  roots: { ky: [{ module: 'ky' }] },
  calls: [
    { callee: ['ky'], optionsArg: [1], insertAt: 1 },
    { callee: ['ky', ['get', 'post', 'put', 'patch', 'delete', 'head']], optionsArg: [1], insertAt: 1 },
  ],
  instances: [
    { callee: ['ky', 'create'], optionsArg: [0], insertAt: 0 },
    // index.ts (ky >= 1.2): extend(fn) merges fn(parentDefaults)'s result over the parent's options.
    { callee: ['ky', 'extend'], optionsArg: [0], insertAt: 0, optionsFunction: true },
  ],
  // Ky.js: timeout defaults to 10 000 ms; `false` disables it (types/options.d.ts).
  // source/types/ky.ts: ky and ky.create() are typed KyInstance.
  types: [{ module: 'ky', names: ['KyInstance'] }],
  total: { options: [{ name: 'timeout', unit: 'ms' }, { name: 'signal', unit: 'ms' }], never: [false], unset: [] },
  connect: null,
  // ky's 10 s default is finite, so only `timeout: false` is owed a finding (issue #3).
  libraryDefault: { total: '10 s, until the response headers' },
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
