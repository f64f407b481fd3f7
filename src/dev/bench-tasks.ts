import * as fs from 'node:fs';
import * as path from 'node:path';

// The baselines of the bench, each run in a fresh process: `node bench-tasks.js walk|parse|eslint DIR...`.
// Prints {"seconds", "files", "bytes", "errors"}; the time includes loading the task's own modules.

const JS = /\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/;

function listFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (p.endsWith('.php') || JS.test(p))) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

function walkAndRead(dirs: readonly string[]): { files: number; bytes: number; errors: number } {
  let bytes = 0;
  const files = listFiles(dirs);
  for (const f of files) bytes += fs.readFileSync(f).length;
  return { files: files.length, bytes, errors: 0 };
}

// The parsers and options the engines use (src/engines/php/parse.ts, src/engines/js/parse.ts).
function parseAll(dirs: readonly string[]): { files: number; bytes: number; errors: number } {
  const PhpEngine = require('php-parser') as new (o: object) => { parseCode(code: string, file: string): unknown };
  const php = new PhpEngine({
    parser: { php8: true, suppressErrors: false, extractDoc: false },
    ast: { withPositions: true, withSource: false },
    lexer: { short_tags: true, asp_tags: false },
  });
  const { PARSE_OPTIONS: JS_PARSE, scriptKindOf } = require('../engines/js/parse') as typeof import('../engines/js/parse');
  const { ts } = require('../engines/js/typescript') as typeof import('../engines/js/typescript');
  let bytes = 0;
  let errors = 0;
  const files = listFiles(dirs);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    bytes += text.length;
    try {
      if (f.endsWith('.php')) php.parseCode(text, f);
      else ts.createSourceFile(f, text, JS_PARSE, true, scriptKindOf(f));
    } catch {
      errors++;
    }
  }
  return { files: files.length, bytes, errors };
}

// What a team does without this tool: one core rule that selects fetch(...) and axios.*(...) calls.
async function eslintAll(dirs: readonly string[]): Promise<{ files: number; bytes: number; errors: number }> {
  const { ESLint } = require('eslint') as typeof import('eslint');
  const tsParser = require('@typescript-eslint/parser') as import('eslint').Linter.Parser;
  const rule = ['error', "CallExpression[callee.name='fetch']", "CallExpression[callee.object.name='axios']"];
  const eslint = new ESLint({
    cwd: dirs[0],
    overrideConfigFile: true,
    ignore: false,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,jsx}'], languageOptions: { ecmaVersion: 'latest' } },
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
      { files: ['**/*'], linterOptions: { reportUnusedDisableDirectives: 'off' }, rules: { 'no-restricted-syntax': rule as never } },
    ],
  });
  // ESLint lints only files under its cwd: one folder, the JS/TS part of the corpus.
  const results = await eslint.lintFiles(['.']);
  const found = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length, 0);
  process.stderr.write(`eslint: ${found} calls selected\n`);
  const bytes = listFiles(dirs).reduce((n, f) => n + fs.statSync(f).size, 0);
  return { files: results.length, bytes, errors: results.filter((r) => r.fatalErrorCount > 0).length };
}

async function main(): Promise<void> {
  const [task, ...dirs] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  const tasks: Record<string, (d: string[]) => unknown> = { walk: walkAndRead, parse: parseAll, eslint: eslintAll };
  const run = tasks[task ?? ''];
  if (!run || !dirs.length) throw new Error('usage: bench-tasks walk|parse|eslint DIR...');
  const out = (await run(dirs)) as object;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, ...out }));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
