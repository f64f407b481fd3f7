import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repo root above `from`: the same code runs from src/dev (tests) and dist/src/dev (npm scripts). */
export function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'rules'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package root above ${from}`);
  }
}
