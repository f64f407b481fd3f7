import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { globSync } from 'glob';
import ts from 'typescript';
import { expect, test } from 'vitest';

// Fixes must not break the types: a fixed TypeScript fixture has no type error its original did not have.
// Both sides are checked the same way (Node and DOM libs, modules resolved from this project), so errors
// that come from the fixture itself (an npm package that is not installed here) cancel out.
const root = path.resolve(__dirname, '..');
const fixed = globSync('fixtures/js/**/*.fixed.{ts,tsx,mts,cts}', { cwd: root, posix: true }).sort();
const originals = fixed.map((f) => f.replace(/\.fixed(\.[^.]+)$/, '$1'));

const options: ts.CompilerOptions = {
  noEmit: true,
  strict: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  jsx: ts.JsxEmit.Preserve,
  typeRoots: [path.join(root, 'node_modules/@types')],
};

/** Error codes and messages of each file, positions left out (a fix moves code). */
function diagnostics(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files.map((f) => path.join(root, f)), options);
  const out = new Map<string, string[]>();
  for (const f of files) {
    const sf = program.getSourceFile(path.join(root, f))!;
    const found = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(f, found.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`).sort());
  }
  return out;
}

test('there are fixed TypeScript fixtures, and the check sees a type error when there is one', () => {
  expect(fixed.length).toBeGreaterThan(5);
  const dir = mkdtempSync(path.join(tmpdir(), 'htl-types-'));
  const bad = path.join(dir, 'bad.ts');
  writeFileSync(bad, "await fetch('https://x.test/', { signal: AbortSignal.timeout('30 s') });\n");
  const program = ts.createProgram([bad], options);
  expect(program.getSemanticDiagnostics(program.getSourceFile(bad)).map((d) => d.code)).toContain(2345);
  rmSync(dir, { recursive: true, force: true });
});

test('every fixed TypeScript fixture type-checks wherever its original did', () => {
  const before = diagnostics(originals);
  const after = diagnostics(fixed);
  for (const [i, f] of fixed.entries()) {
    const was = [...before.get(originals[i]!)!];
    const added = after.get(f)!.filter((d) => {
      const at = was.indexOf(d);
      if (at < 0) return true;
      was.splice(at, 1);
      return false;
    });
    expect(added, `${f} has type errors its original has not`).toEqual([]);
  }
}, 180_000);
