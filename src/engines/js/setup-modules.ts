import { resolve } from 'node:path';
import { ts } from './typescript';
import { moduleFacts } from '../../catalogue/module-facts';
import { resolveImport } from '../../catalogue/relative-imports';
import { isFileIndexFrozen } from '../../core/file-index';
import type { FileCtx } from './file';
import type { ModuleLoader } from './modules';

/** The setup modules of the lint under way, and the project modules each names, found when asked. */
export interface SetupState {
  paths: readonly string[];
  reach: Map<string, Set<string>>;
}

/**
 * Sets the setup modules (absolute paths) for the next file. Within a run (the tree frozen) what each reaches
 * is kept from file to file; elsewhere (an editor) it is found again for each.
 */
export function useSetup(modules: ModuleLoader, paths: readonly string[]): void {
  const same = modules.setup.paths.length === paths.length && modules.setup.paths.every((p, i) => p === paths[i]);
  if (!same || !isFileIndexFrozen()) modules.setup = { paths, reach: new Map() };
}

/** True when `n` runs while its module loads: in no function, and in no class (whose fields run at construction). */
function runsAtLoad(n: ts.Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p) || ts.isClassLike(p)) return false;
    if (ts.isSourceFile(p)) return true;
  }
  return false;
}

/**
 * The project modules `start` names, transitively: what the cache's import digest reads (specifiers
 * are a superset of the imports, so an `import()` counts too).
 */
function reachOf(state: SetupState, start: string): Set<string> {
  const known = state.reach.get(start);
  if (known) return known;
  const found = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const at = queue.pop()!;
    for (const spec of moduleFacts(at, { specifiers: true })?.specifiers ?? []) {
      const to = resolveImport(at, spec);
      if (to && !found.has(to)) found.add(to), queue.push(to);
    }
  }
  state.reach.set(start, found);
  return found;
}

/**
 * The setup modules (config `setup`) that have run when `reader` in `file` reads the defaults: each one but the
 * file itself. A module runs before every other, except those it imports itself, whose top-level code runs before
 * its own: there a request or `create()` made while the module loads (not in a function) does not see it.
 */
export function setupModules(file: FileCtx, reader?: ts.Node): FileCtx[] {
  const state = file.modules.setup;
  if (!state.paths.length) return [];
  const self = resolve(file.path);
  const atLoad = reader !== undefined && runsAtLoad(reader);
  const out: FileCtx[] = [];
  for (const path of state.paths) {
    if (path === self || (atLoad && reachOf(state, path).has(self))) continue;
    const m = file.modules.moduleAt(path);
    if (m) out.push(m);
  }
  return out;
}
