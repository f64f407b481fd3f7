import * as fs from 'node:fs';
import * as path from 'node:path';

// The baselines of the bench, each run in a fresh process: `node bench-tasks.js walk|parse|floor|eslint DIR...`.
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

interface Parsed {
  files: number;
  bytes: number;
  errors: number;
  parsed: number;
}

/**
 * Reads every file and parses, with the parsers and options the engines use (src/engines/php/parse.ts,
 * src/engines/js/parse.ts), the text `pick` gives of it (none: the file is not parsed). Each parser is loaded
 * when a first file needs it.
 */
function readAndParse(dirs: readonly string[], pick: (language: 'php' | 'js', text: string) => string | undefined): Parsed {
  let php: { parseCode(code: string, file: string): unknown } | undefined;
  let js: (text: string, file: string) => unknown;
  const parseJs = (text: string, file: string): unknown => {
    if (!js) {
      const { ts } = require('../engines/js/typescript') as typeof import('../engines/js/typescript');
      const { PARSE_OPTIONS, scriptKindOf } = require('../engines/js/parse') as typeof import('../engines/js/parse');
      js = (t, f) => ts.createSourceFile(f, t, PARSE_OPTIONS, true, scriptKindOf(f));
    }
    return js(text, file);
  };
  const out: Parsed = { files: 0, bytes: 0, errors: 0, parsed: 0 };
  for (const f of listFiles(dirs)) {
    const text = fs.readFileSync(f, 'utf8');
    out.files++;
    out.bytes += text.length;
    const language = f.endsWith('.php') ? 'php' : 'js';
    const code = pick(language, text);
    if (code === undefined) continue;
    out.parsed++;
    try {
      if (language === 'js') parseJs(code, f);
      else {
        php ??= new (require('php-parser') as new (o: object) => { parseCode(code: string, file: string): unknown })({
          parser: { php8: true, suppressErrors: false, extractDoc: false },
          ast: { withPositions: true, withSource: false },
          lexer: { short_tags: true, asp_tags: false },
        });
        php.parseCode(code, f);
      }
    } catch {
      out.errors++;
    }
  }
  return out;
}

/** Every file, whole. */
function parseAll(dirs: readonly string[]): Parsed {
  return readAndParse(dirs, (_, text) => text);
}

/**
 * The least a run pays, whatever its analysis: read every file, run the prefilter, and parse each file that passes
 * it as the engines do (a PHP file in its slice, src/engines/php/slice.ts), in one thread, analysing nothing. The
 * modules a JS file imports, which the JS engine also parses, are not counted. The benchmark prints it beside (d),
 * so that a target can be read against what reading and parsing alone take.
 */
function floorAll(dirs: readonly string[]): Parsed {
  const { mayHoldFinding } = require('../catalogue/prefilter') as typeof import('../catalogue/prefilter');
  const { sliceWords } = require('../engines/php/index') as typeof import('../engines/php/index');
  const { sliceForAnalysis } = require('../engines/php/slice') as typeof import('../engines/php/slice');
  return readAndParse(dirs, (language, text) => {
    if (!mayHoldFinding(language, text)) return undefined;
    return language === 'php' ? sliceForAnalysis(text, sliceWords(undefined, text)) : text;
  });
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
  const tasks: Record<string, (d: string[]) => unknown> = { walk: walkAndRead, parse: parseAll, floor: floorAll, eslint: eslintAll };
  const run = tasks[task ?? ''];
  if (!run || !dirs.length) throw new Error('usage: bench-tasks walk|parse|floor|eslint DIR...');
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
