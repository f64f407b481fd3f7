import { expect, test } from 'vitest';
import { CLIENTS } from '../../rules/index';
import type { ClientSpec } from '../../src/catalogue/define-client';
import { renderClientsTable, renderHeader } from '../../src/dev/gen-docs';
import { DOC_MARKERS, readMarkdown, replaceBlock } from '../../src/dev/markdown';

const curl = CLIENTS.find((c) => c.id === 'php/curl')!;

test('the header shows the options, the "never" values and the fix of a spec', () => {
  const table = renderHeader(curl);
  expect(table.split('\n')[0]).toBe('| Rule | `php/curl` |');
  expect(table).toContain('`CURLOPT_TIMEOUT` (seconds), `CURLOPT_TIMEOUT_MS` (ms)');
  expect(table).toContain('| "Never" values | total: `0`, `null`, `false`; connect: none |');
  expect(table).toMatch(/\| Fix \| `insertStatementAfter`, applied by `--fix`/);
});

test('a kind-specific field the generator does not know still renders', () => {
  const odd = { ...curl, id: 'php/odd', connect: null, retries: ['retry'] } as unknown as ClientSpec;
  const table = renderHeader(odd);
  expect(table).toContain('| Retries | `retry` |');
  expect(table).toContain('| Connect timeout | none (no separate connect option) |');
});

test('table cells escape pipes', () => {
  const piped = { ...curl, summary: 'a | b' } as ClientSpec;
  expect(renderClientsTable([piped])).toContain('a \\| b');
});

test('replaceBlock keeps the markers and the line endings', () => {
  const doc = `# x\r\n${DOC_MARKERS.begin}\r\nold\r\n${DOC_MARKERS.end}\r\n## Why it hangs\r\n`;
  expect(replaceBlock(doc, DOC_MARKERS, 'a\nb')).toBe(`# x\r\n${DOC_MARKERS.begin}\r\na\r\nb\r\n${DOC_MARKERS.end}\r\n## Why it hangs\r\n`);
  expect(replaceBlock('# x\n', DOC_MARKERS, 'a')).toBeNull();
});

test('headings inside code blocks are not headings', () => {
  const { headings, blocks } = readMarkdown('## Examples\n\n<!-- ok -->\n```php\n<?php\n## not a heading\n```\n');
  expect(headings).toEqual(['Examples']);
  expect(blocks[0]).toMatchObject({ lang: 'php', section: 'Examples', annotation: { kind: 'ok' } });
});

test('a spec of a kind with no renderer of its own shows its fields as they are', () => {
  const spec = {
    id: 'js/x', language: 'js', client: 'x', summary: 'x calls', mentions: ['x'],
    total: { options: [{ name: 'timeout', unit: 'ms' }], never: [0], unset: [] },
    connect: null, libraryDefault: null, widgets: ['a', 'b'], fluent: false, facades: [],
    idle: { options: [{ name: 'timeout', unit: 's' }], never: [], unset: [] },
    calls: [{ fn: 'fopen', url: 0, fill: ["'r'", 'false'] }],
    fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'suggestion' },
  } as unknown as ClientSpec;
  const table = renderHeader(spec);
  expect(table).toContain('| Widgets | `a`, `b` |');
  expect(table).toContain('| Idle | `timeout` (seconds) |');
  expect(table).toContain('| Calls | `fopen()` |');
  expect(table).not.toMatch(/Fluent|Facades/);
  expect(table).toContain('| Fix | `insertOption`, suggestion only, never applied by `--fix`: total `timeout: {{totalMs}}` |');
});

test('a call shape with a fix of its own shows it after the spec\'s', () => {
  const spec = {
    id: 'js/x', language: 'js', client: 'x', summary: 'x instances', roots: { X: [{ module: 'x' }] },
    total: { options: [], never: [], unset: [] }, connect: null, libraryDefault: null, calls: [],
    instances: [
      { callee: ['X', 'create'], optionsArg: [0], insertAt: 0 },
      { callee: ['X'], construct: true, optionsArg: [0], insertAt: 0, fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' } },
    ],
    fix: { kind: 'insertOption', total: { path: 'signal', value: 'AbortSignal.timeout({{totalMs}})' }, level: 'suggestion' },
  } as unknown as ClientSpec;
  expect(renderHeader(spec)).toContain(
    '| Fix | `insertOption`, suggestion only, never applied by `--fix`: total `signal: AbortSignal.timeout({{totalMs}})`; '
    + 'for `new X()`: `insertOption`, applied by `--fix`: total `timeout: {{totalMs}}` |',
  );
});

test('a total a shape reads with no version named is said of the shapes that read it', () => {
  const spec = {
    id: 'js/x', language: 'js', client: 'x', summary: 'x instances', roots: { X: [{ module: 'x' }], Old: [{ module: 'x-old' }] },
    total: { options: [{ name: 'request.signal', unit: 'ms' }], never: [], unset: [] }, connect: null, libraryDefault: null, calls: [],
    instances: [
      { callee: ['X'], construct: true, optionsArg: [0], insertAt: 0, total: [{ name: 'request.timeout', unit: 'ms' }], totalBefore: { module: 'x', major: 4 } },
      ...[false, true].map((construct) => ({ callee: ['Old'], construct, optionsArg: [0], insertAt: 0, total: [{ name: 'timeout', unit: 'ms' }] })),
    ],
    fix: { kind: 'insertOption', total: { path: 'request.signal', value: 'AbortSignal.timeout({{totalMs}})' }, level: 'suggestion' },
  } as unknown as ClientSpec;
  expect(renderHeader(spec)).toContain(
    '| Total timeout | `request.signal` (ms), `request.timeout` (ms; x before 4), `timeout` (ms; for `Old()`, `new Old()`) |',
  );
});
