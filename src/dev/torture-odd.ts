import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Corpus } from './corpus';
import { internalErrors, runCli } from './run-cli';

type Check = (ok: boolean, what: string) => void;

function repeat(target: number, unit: (i: number) => string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const s = unit(i);
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

const PHP_UNIT = (i: number): string =>
  `function f${i}($u) {\n  $ch = curl_init($u);\n  curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);\n  return curl_exec($ch);\n}\n$data${i} = ['a' => ${i}, 'b' => "x${i}", 'c' => [1, 2, 3]];\n`;
const JS_UNIT = (i: number): string => `function g${i}(u){return fetch(u+"/${i}",{method:"GET"}).then(function(r){return r.json()})}var v${i}=[${i},"s${i}",{k:${i}}];`;

function makeInputs(dir: string, corpus: Corpus): Record<string, string> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    huge: path.join(dir, 'generated-50mb.php'),
    big: path.join(dir, 'generated-4mb.php'),
    bundle: path.join(dir, 'generated-bundle.min.js'),
    deepPhp: path.join(dir, 'deep.php'),
    deepJs: path.join(dir, 'deep.js'),
  };
  fs.writeFileSync(files.huge!, `<?php\n${repeat(50 << 20, PHP_UNIT)}`);
  fs.writeFileSync(files.big!, `<?php\n${repeat(4 << 20, PHP_UNIT)}`);
  fs.writeFileSync(files.bundle!, `!function(){${repeat(2 << 20, JS_UNIT)}}();\n`);
  fs.writeFileSync(files.deepPhp!, `<?php\n$x = ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n$ch = curl_init('https://a.test/');\ncurl_exec($ch);\n`);
  fs.writeFileSync(files.deepJs!, `const x = ${'['.repeat(20_000)}1${']'.repeat(20_000)};\nfetch('https://a.test/');\n`);
  const real = path.join(corpus.dir, 'npm', 'node_modules', 'axios', 'dist', 'axios.min.js');
  if (fs.existsSync(real)) {
    files.realBundle = path.join(dir, 'axios.min.js');
    fs.copyFileSync(real, files.realBundle);
  }
  return files;
}

/** Generated and odd inputs: each run ends in bounded time and memory with exit 0 or 1; returns a summary. */
export function runOddInputs(corpus: Corpus, check: Check): string {
  const dir = path.join(corpus.dir, 'torture', 'odd');
  const files = makeInputs(dir, corpus);
  const summary: string[] = [];
  const limits: Record<string, number> = { huge: 5, big: 60, bundle: 60, deepPhp: 30, deepJs: 30, realBundle: 30 };
  for (const [name, file] of Object.entries(files)) {
    const r = runCli(['-f', 'json', file], dir, 5 * 60_000);
    const mb = fs.statSync(file).size / 1e6;
    const what = `${path.basename(file)} (${mb.toFixed(1)} MB): exit ${r.code}, ${r.seconds.toFixed(1)} s (limit ${limits[name]} s), peak RSS ${r.rssMb.toFixed(0)} MB`;
    check((r.code === 0 || r.code === 1) && internalErrors(r.stderr).length === 0 && r.seconds <= limits[name]!, what);
    if (name === 'huge') check(/over maxFileSize/.test(r.stderr), `${path.basename(file)} is skipped with a notice (maxFileSize, default 5 MB)`);
    summary.push(`${path.basename(file)} ${r.seconds.toFixed(1)} s/${r.rssMb.toFixed(0)} MB`);
  }
  const fix = runCli(['--fix', '-f', 'json', files.bundle!, files.big!], dir, 5 * 60_000);
  check((fix.code === 0 || fix.code === 1) && internalErrors(fix.stderr).length === 0, `--fix on the generated bundle and 4 MB file: exit ${fix.code}, ${fix.seconds.toFixed(1)} s`);
  const again = runCli(['--fix-dry-run', '-f', 'json', files.bundle!, files.big!], dir, 5 * 60_000);
  const left = (JSON.parse(again.stdout || '[]') as { output?: string }[]).filter((r) => r.output !== undefined).length;
  check(left === 0, `a second --fix on them changes nothing (${left} files would change)`);
  return summary.join(', ');
}
