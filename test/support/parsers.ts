import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { scriptView } from '../../src/core/script-blocks';
import { languageOf } from '../../src/engines/registry';

let php: string | undefined;

/** The php binary; tests that need it fail (never skip) with how to install it. */
export function requirePhp(): string {
  if (php) return php;
  const probe = spawnSync('php', ['-v'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('php not found: install it with `apt-get install -y php-cli php-curl`');
  php = 'php';
  return php;
}

/** null when the file parses (`php -l` for PHP, the TypeScript parser for JS/TS), else the error text. */
export function syntaxErrorOf(file: string): string | null {
  if (languageOf(file, DEFAULT_CONFIG) === 'php') {
    try {
      execFileSync(requirePhp(), ['-l', file], { encoding: 'utf8', stdio: 'pipe' });
      return null;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || 'php -l failed';
    }
  }
  const ts = require('typescript') as typeof import('typescript');
  const text = readFileSync(file, 'utf8');
  // A component or page parses as its script blocks.
  const view = scriptView(text, file);
  const syntax = view?.syntax ?? (/\.(tsx|jsx)$/i.test(file) ? 'tsx' : /\.[mc]?ts$/i.test(file) ? 'ts' : 'js');
  const kind = { js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX, ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX }[syntax];
  const source = ts.createSourceFile(file, view?.code ?? text, ts.ScriptTarget.Latest, false, kind);
  const diags = (source as unknown as { parseDiagnostics: { messageText: unknown }[] }).parseDiagnostics;
  return diags.length ? String(diags[0]!.messageText) : null;
}
