import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './run-cli';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; messageId?: string; line: number; column: number; fatal?: boolean; message: string }[];
}

/** The findings of a JSON report as sorted lines; fatal parse errors apart. */
function findingsOf(report: string): { findings: string[]; fatal: Set<string> } {
  const results = JSON.parse(fs.readFileSync(report, 'utf8')) as JsonResult[];
  const findings: string[] = [];
  const fatal = new Set<string>();
  for (const r of results) {
    for (const m of r.messages) {
      const key = `${r.filePath}:${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? m.message}`;
      if (m.fatal) fatal.add(key);
      else findings.push(key);
    }
  }
  return { findings: findings.sort(), fatal };
}

function sameFindings(a: string[], b: string[]): string {
  const sa = new Set(a);
  const sb = new Set(b);
  const onlyA = a.filter((x) => !sb.has(x));
  const onlyB = b.filter((x) => !sa.has(x));
  return onlyA.length || onlyB.length ? `differ: ${[...onlyA.map((x) => `- ${x}`), ...onlyB.map((x) => `+ ${x}`)].slice(0, 10).join('; ')}` : '';
}

// The prefilter's claim covers findings; a syntax error is reported only for files the engine parses, so
// --no-prefilter may add fatal messages (for files naming no client) but never remove one.
/**
 * Runs --workers 1, --workers 2 and --no-prefilter once and compares every variant's findings with run (d), whose
 * `auto` is either of the first two, by the machine's cores.
 */
export function compareFindings(reports: Record<string, string>, tree: string, out: string, failures: string[]): string[] {
  const one = path.join(out, 'workers1.json');
  const two = path.join(out, 'workers2.json');
  const noPre = path.join(out, 'no-prefilter.json');
  runCli(['--no-ignore', '--workers', '1', '-f', 'json', '-o', one, tree]);
  runCli(['--no-ignore', '--workers', '2', '-f', 'json', '-o', two, tree]);
  const noPreRun = runCli(['--no-ignore', '--no-prefilter', '-f', 'json', '-o', noPre, tree]);
  const base = findingsOf(reports.d!);
  const lines = ['', `identical findings (${base.findings.length} findings, ${base.fatal.size} parse errors in run d)`];
  const variants: [string, string][] = [['--workers 1 vs auto', one], ['--workers 2 vs auto', two], ['warm --cache vs no cache', reports.e!], ['--no-prefilter vs prefilter', noPre]];
  for (const [label, file] of variants) {
    const v = findingsOf(file);
    let diff = sameFindings(base.findings, v.findings);
    const lost = [...base.fatal].filter((k) => !v.fatal.has(k));
    if (!diff && lost.length) diff = `parse errors lost: ${lost.slice(0, 5).join('; ')}`;
    if (!diff && label !== '--no-prefilter vs prefilter' && v.fatal.size !== base.fatal.size) diff = 'parse errors differ';
    const extra = label.startsWith('--no-prefilter') ? ` (${v.fatal.size - base.fatal.size} more parse errors in files naming no client; ${noPreRun.seconds.toFixed(1)} s)` : '';
    if (diff) failures.push(label);
    lines.push(`  ${label.padEnd(30)} ${diff ? `DIFFER ${diff}` : 'same'}${extra}`);
  }
  return lines;
}
