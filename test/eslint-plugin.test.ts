import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter, RuleTester } from 'eslint';
import ts from 'typescript';
import { describe, expect, it, test } from 'vitest';
import { README_MARKERS } from '../src/dev/markdown';
import { plugin, ruleNames } from '../src/eslint/plugin';
import { ruleNamesOf } from '../src/eslint/rule-names';
import type { LintMessage } from '../src/core/lint';
import { MESSAGES } from '../src/model/messages';
import { PACKAGE, ruleDocUrl } from '../src/package-info';
import { applied, CLIENTS, fixedOf, onePass, root, samplesOf, type Sample } from './support/eslint-samples';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type Spec = (typeof CLIENTS)[number];
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

function languageConfig(spec: Spec, filename: string): Record<string, unknown> {
  if (spec.language === 'php') return { language: 'http-timeout/php' };
  const ext = path.extname(filename);
  const sourceType = ext === '.cjs' || ext === '.cts' ? 'commonjs' : 'module';
  if (/^\.[cm]?tsx?$|^\.jsx$/.test(ext)) {
    return { languageOptions: { parser: tsParser, sourceType, parserOptions: { ecmaFeatures: { jsx: /x$/.test(ext) } } } };
  }
  return { languageOptions: { sourceType, ecmaVersion: 'latest' } };
}

function suggestionsOf(m: LintMessage, code: string, mode: 'suggest' | 'auto') {
  const own = (m.suggestions ?? []).map((s) => ({ desc: s.desc, output: applied(code, s.fix) }));
  if (!m.fix || mode === 'auto') return own;
  const desc = m.messageId === 'disabledTimeout' ? `Set ${m.data!.option} to a finite value` : `Set ${m.data!.option}`;
  return [{ desc, output: applied(code, m.fix) }, ...own];
}

function invalidCase(spec: Spec, s: Sample, mode: 'suggest' | 'auto') {
  const errors = s.messages.map((m) => ({
    messageId: m.messageId!,
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
    suggestions: suggestionsOf(m, s.code, mode),
  }));
  const output = mode === 'auto' ? onePass(s.code, s.messages) : null;
  return {
    name: `${s.name} (${mode})`,
    code: s.code,
    filename: s.filename,
    ...languageConfig(spec, s.filename),
    ...(mode === 'auto' && { options: [{ fix: 'auto' }] }),
    errors,
    ...(output !== null && { output }),
  };
}

test('the plugin names itself from package.json and has one rule per client', () => {
  expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'http-timeout' });
  expect(Object.keys(plugin.rules).sort()).toEqual(CLIENTS.map((c) => c.id.split('/')[1]).sort());
  expect(Object.keys(plugin.languages)).toEqual(['php']);
});

test('an ESM config (eslint.config.mjs) can import the names the types declare, and they are the plugin\'s own', () => {
  // Node finds a CommonJS module's named exports by reading its code: the entry is compiled as the build does,
  // next to a stand-in plugin, and imported by name.
  const dir = mkdtempSync(path.join(tmpdir(), 'htl-entry-'));
  try {
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    writeFileSync(path.join(dir, 'index.js'), ts.transpileModule(readFileSync(path.join(root, 'src/index.ts'), 'utf8'), { compilerOptions: options }).outputText);
    mkdirSync(path.join(dir, 'eslint'));
    writeFileSync(path.join(dir, 'eslint/plugin.js'), 'exports.plugin = { meta: {}, rules: {}, languages: {}, configs: {} };\n');
    const names = Object.keys(plugin);
    const script = `import plugin, { ${names.join(', ')} } from ${JSON.stringify(path.join(dir, 'index.js'))};\nconsole.log([${names.map((n) => `${n} === plugin.${n}`).join(', ')}].join());`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(names.map(() => 'true').join());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two clients of different languages with one short name are both named with their language', () => {
  const a = { ...CLIENTS[0]!, id: 'php/http', language: 'php' } as Spec;
  const b = { ...CLIENTS[0]!, id: 'js/http', language: 'js' } as Spec;
  const names = ruleNamesOf([a, b, CLIENTS[0]!]);
  expect([...names.values()]).toEqual(['php-http', 'js-http', CLIENTS[0]!.id.split('/')[1]]);
});

describe.for(CLIENTS.map((c) => ({ id: c.id, spec: c })))('$id', ({ spec }) => {
  const name = ruleNames.get(spec.id)!;
  const rule = plugin.rules[name]!;

  test('has its doc, the contract messages and an options schema', () => {
    expect(rule.meta.docs.url).toBe(ruleDocUrl(spec.id));
    expect(rule.meta.docs.url).toBe(`${PACKAGE.homepage}/blob/main/rules/${spec.id}.md`);
    expect(readFileSync(path.join(root, 'rules', `${spec.id}.md`), 'utf8').startsWith(`# ${spec.id}`)).toBe(true);
    expect(rule.meta.messages).toEqual(MESSAGES);
    expect(rule.meta.schema).toHaveLength(1);
  });

  test('is in the recommended configs of its language', () => {
    const [js, php] = plugin.configs.recommended;
    const flat = spec.language === 'php' ? php! : js!;
    expect(flat.rules[`http-timeout/${name}`]).toBe('error');
    const legacy = plugin.configs['recommended-legacy'].rules as Record<string, string>;
    expect(legacy[`http-timeout/${name}`]).toBe(spec.language === 'js' ? 'error' : undefined);
  });

  const samples = samplesOf(spec);
  const tester = new RuleTester({ plugins: { 'http-timeout': plugin as never } });
  const valid = samples.filter((s) => !s.messages.length).map((s) => ({ name: s.name, code: s.code, filename: s.filename, ...languageConfig(spec, s.filename) }));
  const invalid = samples.filter((s) => s.messages.length);
  tester.run(name, rule as never, {
    valid: valid as never[],
    invalid: [...invalid.map((s) => invalidCase(spec, s, 'suggest')), ...invalid.map((s) => invalidCase(spec, s, 'auto'))] as never[],
  });

  test('has samples: at least one valid and one invalid', () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });

  const fixable = samples.filter((s) => fixedOf(s.filename));
  // Rules whose samples have no .fixed file get no such case (rather than a skipped one).
  if (fixable.length) test.for(fixable.map((s) => [s.name, s] as const))('%s: ESLint --fix with { fix: "auto" } writes the .fixed file', ([, s]) => {
    const linter = new Linter({ cwd: root });
    // Every rule of the language, as the .fixed file holds the fixes of every client.
    const rules = Object.fromEntries(CLIENTS.filter((c) => c.language === spec.language).map((c) => [`http-timeout/${ruleNames.get(c.id)}`, ['error', { fix: 'auto' }]]));
    // ESLint lints a file only when a pattern that is not `**/*` matches it.
    const config = [{ files: [`**/*${path.extname(s.filename)}`], plugins: { 'http-timeout': plugin }, ...languageConfig(spec, s.filename), rules }];
    const result = linter.verifyAndFix(s.code, config as never, { filename: s.filename });
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    expect(result.output).toBe(readFileSync(fixedOf(s.filename)!, 'utf8').replace(/^\uFEFF/, ''));
  });
});

test("README's clients table lists exactly the plugin's rules, each linking its doc", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf(README_MARKERS.begin), readme.indexOf(README_MARKERS.end));
  const linked = [...table.matchAll(/\[([\w/-]+)\]\((rules\/[\w/-]+\.md)\)/g)].map((m) => ({ id: m[1]!, link: m[2]! }));
  expect(linked.map((l) => l.id).sort()).toEqual([...ruleNames.keys()].sort());
  for (const { id, link } of linked) expect(plugin.rules[ruleNames.get(id)!]!.meta.docs.url.endsWith(link)).toBe(true);
});
