import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRoot } from './root';

interface DebianPin {
  package: string;
  version: string;
  tree: string;
}

/** The built corpus: where its two halves are and what they hold. */
export interface Corpus {
  dir: string;
  phpDir: string;
  jsDir: string;
  php: string[];
  js: string[];
  bytes: number;
  /** Debian packages whose pinned version was gone, with the version used instead. */
  substituted: Record<string, string>;
  skippedLinks: number;
}

const JS_KEEP = /\.(js|mjs|cjs|ts|tsx|mts|cts)$/;
const JS_DROP = /\.d\.[mc]?ts$|\.min\.js$/;
// Renamed in the copy so the linter walks them like any other folder.
const RENAMED: Record<string, string> = { node_modules: 'node_modules_', vendor: 'vendor_' };

function say(line: string): void {
  process.stderr.write(`corpus: ${line}\n`);
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

function candidateOf(pkg: string, cwd: string): string {
  const m = /Candidate:\s*(\S+)/.exec(run('apt-cache', ['policy', pkg], cwd));
  if (!m || m[1] === '(none)') throw new Error(`apt-cache policy ${pkg} has no candidate (run apt-get update)`);
  return m[1]!;
}

function download(pin: DebianPin, debs: string, substituted: Record<string, string>): string {
  const existing = fs.readdirSync(debs).find((f) => f.startsWith(`${pin.package}_`) && f.endsWith('.deb'));
  if (existing) return path.join(debs, existing);
  try {
    run('apt-get', ['download', `${pin.package}=${pin.version}`], debs);
  } catch {
    const version = candidateOf(pin.package, debs);
    say(`${pin.package}=${pin.version} is gone; using the apt-cache policy candidate ${version}`);
    substituted[pin.package] = version;
    run('apt-get', ['download', `${pin.package}=${version}`], debs);
  }
  const got = fs.readdirSync(debs).find((f) => f.startsWith(`${pin.package}_`) && f.endsWith('.deb'));
  if (!got) throw new Error(`apt-get download ${pin.package} left no .deb`);
  return path.join(debs, got);
}

function extract(deb: string, into: string): void {
  const done = path.join(into, '.extracted');
  if (fs.existsSync(done) && fs.readFileSync(done, 'utf8') === path.basename(deb)) return;
  fs.rmSync(into, { recursive: true, force: true });
  fs.mkdirSync(into, { recursive: true });
  run('dpkg-deb', ['-x', deb, into], into);
  fs.writeFileSync(done, path.basename(deb));
}

function installNpm(lists: string, npmDir: string): void {
  const lock = fs.readFileSync(path.join(lists, 'package-lock.json'), 'utf8');
  const done = path.join(npmDir, '.installed');
  if (fs.existsSync(done) && fs.readFileSync(done, 'utf8') === lock) return;
  fs.mkdirSync(npmDir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(lists, f), path.join(npmDir, f));
  say('npm ci --ignore-scripts (the pinned lockfile)');
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], npmDir);
  fs.writeFileSync(done, lock);
}

/** Copies the kept files of `from` into `to`; symbolic links are skipped (Debian's point outside the tree). */
function copyTree(from: string, to: string, keep: (name: string) => boolean, stats: { links: number }): string[] {
  const out: string[] = [];
  const walk = (src: string, dst: string): void => {
    for (const e of fs.readdirSync(src, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const s = path.join(src, e.name);
      if (e.isSymbolicLink()) {
        if (keep(e.name)) stats.links++;
      } else if (e.isDirectory()) {
        walk(s, path.join(dst, RENAMED[e.name] ?? e.name));
      } else if (e.isFile() && keep(e.name)) {
        fs.mkdirSync(dst, { recursive: true });
        fs.copyFileSync(s, path.join(dst, e.name));
        out.push(path.join(dst, e.name));
      }
    }
  };
  walk(from, to);
  return out;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.isFile()) out.push(path.join(d, e.name));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

function sizeOf(files: readonly string[]): number {
  return files.reduce((n, f) => n + fs.statSync(f).size, 0);
}

/** Builds (or reuses) the pinned corpus under `<root>/.corpus`; never touches anything outside it. */
export function buildCorpus(root = findRoot(__dirname)): Corpus {
  const dir = path.join(root, '.corpus');
  const lists = path.join(root, 'bench', 'corpus');
  const tree = path.join(dir, 'tree');
  const phpDir = path.join(tree, 'php');
  const jsDir = path.join(tree, 'js');
  const stampFile = path.join(tree, '.manifest.json');
  const pins = JSON.parse(fs.readFileSync(path.join(lists, 'debian.json'), 'utf8')) as DebianPin[];
  const stamp = JSON.stringify({ pins, lock: createHash('sha1').update(fs.readFileSync(path.join(lists, 'package-lock.json'))).digest('hex') });
  if (fs.existsSync(stampFile)) {
    const m = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { stamp: string; substituted: Record<string, string>; skippedLinks: number };
    if (m.stamp === stamp) {
      const php = listFiles(phpDir);
      const js = listFiles(jsDir);
      return { dir, phpDir, jsDir, php, js, bytes: sizeOf(php) + sizeOf(js), substituted: m.substituted, skippedLinks: m.skippedLinks };
    }
  }
  const debs = path.join(dir, 'debs');
  fs.mkdirSync(debs, { recursive: true });
  const substituted: Record<string, string> = {};
  const stats = { links: 0 };
  fs.rmSync(tree, { recursive: true, force: true });
  const php: string[] = [];
  for (const pin of pins) {
    const deb = download(pin, debs, substituted);
    const into = path.join(dir, 'extract', pin.package);
    extract(deb, into);
    php.push(...copyTree(path.join(into, pin.tree), path.join(phpDir, pin.package), (n) => n.endsWith('.php'), stats));
  }
  const npmDir = path.join(dir, 'npm');
  installNpm(lists, npmDir);
  const js = copyTree(path.join(npmDir, 'node_modules'), jsDir, (n) => JS_KEEP.test(n) && !JS_DROP.test(n), stats);
  if (stats.links) say(`${stats.links} symbolic links to source files skipped (they point outside the package trees)`);
  fs.writeFileSync(stampFile, JSON.stringify({ stamp, substituted, skippedLinks: stats.links }));
  return { dir, phpDir, jsDir, php, js, bytes: sizeOf(php) + sizeOf(js), substituted, skippedLinks: stats.links };
}

/** Copies the corpus tree `n` times under `to` (hard links when possible: the copies are read, never written). */
export function replicate(corpus: Corpus, to: string, n: number): string[] {
  const dirs: string[] = [];
  for (let i = 0; i < n; i++) {
    const dst = path.join(to, `copy${i}`);
    dirs.push(dst);
    if (fs.existsSync(path.join(dst, '.done'))) continue;
    fs.rmSync(dst, { recursive: true, force: true });
    for (const f of [...corpus.php, ...corpus.js]) {
      const target = path.join(dst, path.relative(path.dirname(corpus.phpDir), f));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      try {
        fs.linkSync(f, target);
      } catch {
        fs.copyFileSync(f, target);
      }
    }
    fs.writeFileSync(path.join(dst, '.done'), '');
  }
  return dirs;
}

if (require.main === module) {
  const c = buildCorpus();
  const mb = (c.bytes / 1e6).toFixed(1);
  process.stdout.write(`corpus: ${c.php.length} PHP + ${c.js.length} JS/TS files, ${mb} MB in ${path.relative(process.cwd(), c.dir) || '.'}\n`);
  for (const [p, v] of Object.entries(c.substituted)) process.stdout.write(`corpus: ${p} used ${v} (pinned version gone)\n`);
}
