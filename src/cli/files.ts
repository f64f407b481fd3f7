import { type Dirent, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/config';
import { languageOf } from '../engines/registry';
import { DEFAULT_SKIPPED_DIRS, Gitignores, PatternRules, gitTop } from './ignore-rules';
import { detached } from '../core/strings';
import { UNKNOWN_TYPE } from './lint-files';
import { relativeInside } from './paths';
import { errorCode, type Log } from './log';

// The notice for a file named on the command line that an ignore pattern matches.
const IGNORED_BY_PATTERN = 'matched by ignorePatterns or --ignore-pattern; skipped (--no-ignore lints it)';

/** A file to lint: `path` is what reports show, `realPath` where it is read and written (a link's target). */
export interface Target {
  path: string;
  realPath: string;
}

export interface CollectOptions {
  cwd: string;
  config: ResolvedConfig;
  /** The folder config `ignorePatterns` are relative to. */
  configBase: string;
  /** `--ignore-pattern` globs, relative to the cwd. */
  ignorePatterns: readonly string[];
  /** False with --no-ignore: nothing is skipped. */
  useIgnores: boolean;
}

class Collector {
  private readonly found = new Map<string, Target & { viaLink: boolean }>();
  private readonly rules: PatternRules;
  private readonly gitignores: Gitignores;
  private readonly unreadable = new Set<string>();

  constructor(
    private readonly o: CollectOptions,
    private readonly log: Log,
  ) {
    this.rules = new PatternRules([
      { base: o.configBase, patterns: o.config.ignorePatterns },
      { base: o.cwd, patterns: o.ignorePatterns },
    ]);
    this.gitignores = new Gitignores((file, err) => log.failure(file, `cannot read (${err.code ?? err.message})`));
  }

  // A run keeps every target to the end. Paths built by path.join are chains of pieces in V8 (about 900 bytes a
  // file); flat copies take a quarter of that, and one string serves both names when they are the same.
  targets(): Target[] {
    return [...this.found.values()]
      .map(({ path, realPath }) => {
        const flat = detached(path);
        return { path: flat, realPath: realPath === path ? flat : detached(realPath) };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private add(target: Target, viaLink: boolean): void {
    const seen = this.found.get(target.realPath);
    // A file reached both directly and through a link is linted once, under its own name.
    if (!seen || (seen.viaLink && !viaLink)) this.found.set(target.realPath, { ...target, viaLink });
  }

  addPath(arg: string): void {
    const abs = resolve(this.o.cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      // A path under a folder we may not search is there, but stat says EACCES, not ENOENT: say why it failed.
      if (!existsAsLink(abs)) this.log.failure(abs, errorCode(err) === 'ENOENT' ? 'no such file or folder' : `cannot read (${errorCode(err)})`);
      // A hook names a staged link whose target is missing here (a deploy-only file): skipped, as a walk skips it.
      else if (errorCode(err) === 'ENOENT') this.log.notice(abs, 'broken symbolic link (ENOENT); skipped');
      else this.log.failure(abs, `broken symbolic link (${errorCode(err)})`);
      return;
    }
    if (st.isDirectory()) this.walkSafely(abs);
    else if (!st.isFile()) this.log.notice(abs, 'not a regular file; skipped');
    else if (!languageOf(abs, this.o.config)) this.log.notice(abs, UNKNOWN_TYPE);
    // A hook names every staged file: one git or a default folder would skip in a walk is linted (it is tracked),
    // but not one the project's own ignore patterns name, as ESLint skips a named file its ignores match.
    else if (this.o.useIgnores && this.rules.ignores(abs, false)) this.log.notice(abs, IGNORED_BY_PATTERN);
    else this.add({ path: abs, realPath: realpathSync(abs) }, false);
  }

  private skipped(abs: string, isDir: boolean, top: string): boolean {
    return this.rules.ignores(abs, isDir) || this.gitignores.ignores(abs, isDir, top);
  }

  private walkSafely(root: string): void {
    try {
      this.walk(root);
    } catch (err) {
      this.log.failure(root, `cannot walk this folder (${errorCode(err)})`);
    }
  }

  /** A folder's entries; a folder that cannot be read is reported once and walked no further. */
  private entries(dir: string): Dirent[] {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (!this.unreadable.has(dir)) this.log.failure(dir, `cannot read folder (${errorCode(err)})`);
      this.unreadable.add(dir);
      return [];
    }
  }

  // One readdir per folder, depth first: links to folders are never followed (no loops, no escape), skipped
  // folders are not entered, and files are kept by extension before any ignore rule is asked.
  private walk(root: string): void {
    const realRoot = realpathSync(root);
    const use = this.o.useIgnores;
    let top = gitTop(root, existsSync);
    // A folder named on the command line is walked even when git ignores it; its contents still follow .gitignore.
    if (use && top !== root && this.gitignores.ignores(root, true, top)) top = root;
    const before = this.found.size;
    const folders = [root];
    for (let dir = folders.pop(); dir !== undefined; dir = folders.pop()) {
      for (const e of this.entries(dir)) {
        const abs = join(dir, e.name);
        if (e.isDirectory()) {
          if (!use || (!DEFAULT_SKIPPED_DIRS.includes(e.name) && !this.skipped(abs, true, top))) folders.push(abs);
        } else if (languageOf(e.name, this.o.config) && !(use && this.skipped(abs, false, top))) {
          this.addWalked(e, abs, root, realRoot);
        }
      }
    }
    if (this.found.size === before && !this.unreadable.has(root)) this.log.notice(root, 'no files to lint in this folder');
  }

  private addWalked(entry: Dirent, abs: string, root: string, realRoot: string): void {
    if (entry.isFile()) {
      this.add({ path: abs, realPath: realRoot === root ? abs : join(realRoot, relative(root, abs)) }, false);
      return;
    }
    if (!entry.isSymbolicLink()) {
      this.log.notice(abs, 'not a regular file; skipped');
      return;
    }
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      this.log.notice(abs, `broken symbolic link (${errorCode(err)}); skipped`);
      return;
    }
    if (st.isDirectory()) return; // links to folders are never followed: no loops, no escape
    const real = realpathSync(abs);
    if (relativeInside(realRoot, real) === null) this.log.notice(abs, 'symbolic link to a file outside the linted folder; skipped');
    else if (!st.isFile()) this.log.notice(abs, 'not a regular file; skipped');
    else this.add({ path: abs, realPath: real }, true);
  }
}

function existsAsLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

// Folders are walked without following linked folders, skipping .gitignore'd files,
// DEFAULT_SKIPPED_DIRS and ignore patterns.
/** The files to lint under `paths`, sorted and each once; problems go to `log`. */
export function collectFiles(paths: readonly string[], options: CollectOptions, log: Log): Target[] {
  const collector = new Collector(options, log);
  for (const p of paths) collector.addPath(p);
  return collector.targets();
}
