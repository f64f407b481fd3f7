import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus } from './corpus';
import { internalErrors, runCli, type CliRun } from './run-cli';
import { runOddInputs } from './torture-odd';
import { timeEachFile } from './torture-timing';

interface JsonMessage {
  ruleId: string | null;
  fatal?: boolean;
  fix?: unknown;
  message: string;
  line: number;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  output?: string;
}

const failures: string[] = [];
let crashes = 0;

function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
}

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(path.relative(dir, p), createHash('sha1').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([f, h]) => before.get(f) !== h).map(([f]) => f);
}

/** The CLI ran to its end: exit 0 or 1, no internal error. */
function ranClean(r: CliRun, what: string): JsonResult[] {
  const internal = internalErrors(r.stderr);
  crashes += internal.length + (r.code === 0 || r.code === 1 ? 0 : 1);
  check(r.code === 0 || r.code === 1, `${what}: exit status ${r.code} (0 or 1), ${r.seconds.toFixed(1)} s, peak RSS ${r.rssMb.toFixed(0)} MB`);
  check(internal.length === 0, `${what}: ${internal.length} internal errors${internal.length ? `\n  ${internal.slice(0, 20).join('\n  ')}` : ''}`);
  try {
    return JSON.parse(r.stdout) as JsonResult[];
  } catch {
    check(false, `${what}: the JSON report parses`);
    return [];
  }
}

function phpLints(file: string): string | null {
  const r = spawnSync('php', ['-l', '-d', 'display_errors=stderr', file], { encoding: 'utf8' });
  return r.status === 0 ? null : `${r.stdout}${r.stderr}`.trim();
}

function tsParses(file: string): string | null {
  const ts = require('typescript') as typeof import('typescript');
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const diags = (sf as unknown as { parseDiagnostics: import('typescript').Diagnostic[] }).parseDiagnostics;
  return diags.length ? ts.flattenDiagnosticMessageText(diags[0]!.messageText, ' ') : null;
}

function countFindings(results: readonly JsonResult[]): { byRule: Record<string, number>; fixable: number; fatal: JsonResult[] } {
  const byRule: Record<string, number> = {};
  let fixable = 0;
  const fatal: JsonResult[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) continue;
      byRule[m.ruleId ?? '(none)'] = (byRule[m.ruleId ?? '(none)'] ?? 0) + 1;
      if (m.fix) fixable++;
    }
    if (r.messages.some((m) => m.fatal)) fatal.push(r);
  }
  return { byRule, fixable, fatal };
}

function main(): void {
  const corpus = buildCorpus();
  const tree = path.dirname(corpus.phpDir);
  const files = corpus.php.length + corpus.js.length;
  process.stdout.write(`corpus: ${corpus.php.length} PHP + ${corpus.js.length} JS/TS = ${files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB\n`);

  const lint = ranClean(runCli(['--no-ignore', '-f', 'json', tree]), 'lint the corpus');
  const { byRule, fixable, fatal } = countFindings(lint);
  check(lint.length === files, `every file was linted (${lint.length} of ${files})`);

  const copy = path.join(corpus.dir, 'torture', 'fix');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(tree, copy, { recursive: true });
  const before = hashes(copy);
  ranClean(runCli(['--no-ignore', '--fix', '-f', 'json', copy]), '--fix on a copy');
  const afterFix = hashes(copy);
  const fixedFiles = changed(before, afterFix);
  const broken: string[] = [];
  for (const rel of fixedFiles) {
    const file = path.join(copy, rel);
    const err = rel.endsWith('.php') ? phpLints(file) : tsParses(file);
    if (err) broken.push(`${rel}: ${err}`);
  }
  check(broken.length === 0, `every fixed file parses (php -l / TypeScript): ${fixedFiles.length - broken.length} of ${fixedFiles.length}${broken.length ? `\n  ${broken.join('\n  ')}` : ''}`);
  const second = ranClean(runCli(['--no-ignore', '--fix', '-f', 'json', copy]), 'a second --fix');
  const again = changed(afterFix, hashes(copy));
  check(again.length === 0 && second.every((r) => r.output === undefined), `a second --fix changes nothing (${again.length} files changed)`);

  const timing = timeEachFile([...corpus.php, ...corpus.js]);
  const slow = timing.slowest[0];
  check(timing.over.length === 0, `no file over ${timing.limitSeconds} s (slowest ${slow ? `${(slow.ms / 1000).toFixed(2)} s ${path.relative(tree, slow.file)}` : '-'})`);
  check(timing.crashes.length === 0, `in-process pass: ${timing.crashes.length} crashes${timing.crashes.length ? `\n  ${timing.crashes.join('\n  ')}` : ''}`);
  const odd = runOddInputs(corpus, check);

  const findings = Object.values(byRule).reduce((a, b) => a + b, 0);
  process.stdout.write('\ntorture counts\n');
  process.stdout.write(`  files                 ${lint.length}\n`);
  process.stdout.write(`  findings              ${findings}  (${Object.entries(byRule).sort().map(([r, n]) => `${r} ${n}`).join(', ')})\n`);
  process.stdout.write(`  fixable findings      ${fixable}\n`);
  process.stdout.write(`  files fixed           ${fixedFiles.length}  (all parse: ${broken.length === 0 ? 'yes' : 'NO'})\n`);
  process.stdout.write(`  parse errors reported ${fatal.length}\n`);
  for (const r of fatal.slice(0, 20)) process.stdout.write(`    ${path.relative(tree, r.filePath)}:${r.messages[0]!.line} ${r.messages[0]!.message}\n`);
  process.stdout.write(`  crashes               ${crashes + timing.crashes.length}\n`);
  process.stdout.write(`  slowest files         ${timing.slowest.slice(0, 5).map((s) => `${(s.ms / 1000).toFixed(2)} s ${path.relative(tree, s.file)}`).join('; ')}\n`);
  process.stdout.write(`  one-thread pass       ${timing.seconds.toFixed(1)} s, peak RSS ${timing.rssMb.toFixed(0)} MB\n`);
  process.stdout.write(`  odd inputs            ${odd}\n`);
  process.stdout.write(`\n${failures.length ? `FAILED: ${failures.length} checks` : 'all checks passed'}\n`);
  process.exitCode = failures.length ? 1 : 0;
}

if (require.main === module) main();
