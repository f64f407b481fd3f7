import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';

// The benchmark's baselines run as it runs them: a fresh Node on the built task script (dist is built first).
const tasks = resolve(__dirname, '../../dist/src/dev/bench-tasks.js');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(): string {
  dir = mkdtempSync(join(tmpdir(), 'htl-bench-tasks-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'client.js'), 'export const get = (u) => fetch(u);\n');
  writeFileSync(join(dir, 'src', 'math.js'), 'export const add = (a, b) => a + b; // fetch only in a comment\n');
  writeFileSync(join(dir, 'src', 'feed.php'), "<?php\nfunction feed() { return file_get_contents('https://example.com/feed'); }\n");
  writeFileSync(join(dir, 'src', 'view.php'), '<?php\nfunction view($x) { return strtoupper($x); }\n');
  writeFileSync(join(dir, 'src', 'broken.js'), 'const x = fetch(;\n');
  return dir;
}

function run(task: string, root: string): { files: number; parsed?: number; errors: number } {
  return JSON.parse(execFileSync(process.execPath, [tasks, task, root], { encoding: 'utf8' })) as { files: number; parsed?: number; errors: number };
}

test('the floor parses only the files that pass the prefilter, each as the engines parse it', () => {
  const root = tree();
  const floor = run('floor', root);
  expect(floor.files).toBe(5);
  // client.js, feed.php and broken.js name a client in code; math.js in a comment only, view.php not at all.
  expect(floor.parsed).toBe(3);
  expect(run('parse', root).files).toBe(5);
});
