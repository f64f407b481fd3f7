import { ESLint } from 'eslint';
import { expect, test } from 'vitest';
import { formatJson } from '../../src/cli/formatters/json';
import type { LintMessage } from '../../src/core/lint';
import type { FileResult } from '../../src/cli/results';

// Our json must read like ESLint's own. ESLint still writes `nodeType`, which its docs deprecate and the
// contract leaves out; every other key, and the order of keys, must be the same.
const withoutNodeType = (keys: string[]) => keys.filter((k) => k !== 'nodeType');

async function eslintJson(): Promise<Record<string, unknown>[]> {
  const rules = { 'no-var': 'error', 'no-debugger': 'warn' } as const;
  const eslint = new ESLint({ cwd: __dirname, overrideConfigFile: true, overrideConfig: { rules } });
  const results = [
    ...(await eslint.lintText('var x = 1;\ndebugger;\n', { filePath: `${__dirname}/a.js` })),
    ...(await eslint.lintText('let = ;', { filePath: `${__dirname}/b.js` })),
    ...(await eslint.lintText('const y = 1;\n', { filePath: `${__dirname}/c.js` })),
    ...(await eslint.lintText('// eslint-disable-next-line no-var -- legacy\nvar z = 1;\n', { filePath: `${__dirname}/d.js` })),
  ];
  return JSON.parse(await (await eslint.loadFormatter('json')).format(results));
}

function ours(): Record<string, unknown>[] {
  const finding: LintMessage = {
    ruleId: 'php/curl', severity: 2, message: 'm', messageId: 'missingTimeout', line: 1, column: 1, endLine: 1, endColumn: 5,
    fix: { range: [0, 0], text: 'x' }, range: [0, 4],
  };
  const fatal: LintMessage = { ruleId: null, severity: 2, message: 'Parsing error: x', line: 1, column: 1, fatal: true };
  const results: FileResult[] = [
    { filePath: '/a.php', messages: [finding], source: 'text' },
    { filePath: '/b.php', messages: [fatal], source: 'text' },
    { filePath: '/c.php', messages: [], source: 'text' },
    { filePath: '/d.php', messages: [], suppressedMessages: [{ ...finding, suppressions: [{ kind: 'directive', justification: 'legacy' }] }], source: 'text' },
  ];
  return JSON.parse(formatJson(results, { cwd: '/', color: false, failures: [] }));
}

test('json has the keys of ESLint 9 JSON formatter output, in its order', async () => {
  const theirs = await eslintJson();
  const mine = ours();
  for (let i = 0; i < 4; i++) {
    expect(Object.keys(mine[i]!)).toEqual(Object.keys(theirs[i]!));
    for (const key of ['messages', 'suppressedMessages']) {
      const [m, t] = [mine[i]![key] as Record<string, unknown>[], theirs[i]![key] as Record<string, unknown>[]];
      expect(m.length > 0).toBe(t.length > 0);
      if (t[0]) expect(Object.keys(m[0]!)).toEqual(withoutNodeType(Object.keys(t[0])));
    }
  }
  expect((mine[3]!.suppressedMessages as { suppressions: unknown }[])[0]!.suppressions).toEqual(
    (theirs[3]!.suppressedMessages as { suppressions: unknown }[])[0]!.suppressions,
  );
});
