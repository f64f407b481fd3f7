import { createHash } from 'node:crypto';
import { BoundedMap } from '../core/bounded-map';
import { freezeFileIndex } from '../core/file-index';
import { detached } from '../core/strings';
import { type ModuleFacts, moduleFacts, specifiersOf } from './module-facts';
import { folderKey, importCandidates, resolveImport } from './relative-imports';

// The key under which the cache's digest loads modules: it needs their content hashes.
const DIGEST_KEY = 'deps';
// Within a run, by `folderKey`: the candidates tried before the file found, joined, which a digest signs.
const missed = new BoundedMap<string, string>(16_384);
let frozen = false;

/** For one CLI run: each module is read and resolved once, without checking it again for changes. */
export function freezeImportGraph(): void {
  frozen = true;
  freezeFileIndex();
}

type Mentions = (text: string) => boolean;

/** What the graph asks of a module: a digest, its hash and specifiers; a mention test, its specifiers and the test. */
function load(path: string, key: string, mentions: Mentions): ModuleFacts | null {
  return moduleFacts(path, key === DIGEST_KEY ? { hash: true, specifiers: true } : { specifiers: true, mention: { key, test: mentions } });
}

/**
 * The candidates tried before the one found (all, when none was), joined: a file made at one would change what
 * resolves.
 */
function missedBefore(from: string, spec: string, found: string | null): string {
  const memoKey = folderKey(from, spec);
  const known = memoKey === undefined ? undefined : missed.get(memoKey);
  if (known !== undefined) return known;
  const all = importCandidates(from, spec);
  const joined = detached((found === null ? all : all.slice(0, all.indexOf(found))).join(','));
  if (memoKey !== undefined) missed.set(memoKey, joined);
  return joined;
}

/** The modules `node` imports; with `withSig`, also a signature of its content and of how each import resolved. */
function successors(node: string, key: string, mentions: Mentions, withSig = false): { found: string[]; sig: string } {
  const f = load(node, key, mentions);
  if (!f) return { found: [], sig: `${node}=-` };
  const found: string[] = [];
  let sig = withSig ? `${node}=${f.hash}` : '';
  for (const spec of f.specifiers!) {
    // Resolved as the JS engine resolves it.
    const r = resolveImport(node, spec);
    if (withSig) sig += `|${missedBefore(node, spec, r)}>${r ?? ''}`;
    if (r) found.push(r);
  }
  return { found, sig };
}

interface Frame {
  node: string;
  next: string[];
  i: number;
}

/**
 * Folds the import graph reachable from `start` by strongly connected components (Tarjan, iterative): a
 * module's value is `fold` of its component's members and of the values of the components it reaches.
 */
function foldImports<T>(start: string, memo: Map<string, T>, key: string, mentions: Mentions, fold: (members: string[], sigs: string[], outside: T[]) => T): T {
  const known = memo.get(start);
  if (known !== undefined) return known;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const frames: Frame[] = [];
  const push = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.size - 1);
    stack.push(node);
    onStack.add(node);
    frames.push({ node, next: successors(node, key, mentions).found, i: 0 });
  };
  push(start);
  while (frames.length) {
    const top = frames[frames.length - 1]!;
    if (top.i < top.next.length) {
      const s = top.next[top.i++]!;
      if (memo.has(s)) continue;
      if (!index.has(s)) push(s);
      else if (onStack.has(s)) low.set(top.node, Math.min(low.get(top.node)!, index.get(s)!));
      continue;
    }
    frames.pop();
    const parent = frames[frames.length - 1];
    if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
    if (low.get(top.node) !== index.get(top.node)) continue;
    const members: string[] = [];
    for (let m = ''; m !== top.node; ) {
      m = stack.pop()!;
      onStack.delete(m);
      members.push(m);
    }
    members.sort();
    const inside = new Set(members);
    const sigs: string[] = [];
    const outside: T[] = [];
    for (const m of members) {
      const succ = successors(m, key, mentions, key === DIGEST_KEY);
      sigs.push(succ.sig);
      for (const s of succ.found) if (!inside.has(s)) outside.push(memo.get(s)!);
    }
    const value = fold(members, sigs, outside);
    for (const m of members) memo.set(m, value);
  }
  return memo.get(start)!;
}

const digests = new Map<string, string>();
const mentionMemos = new Map<string, Map<string, boolean>>();

/**
 * One hash of the modules `file` imports (by a relative path or an alias), transitively, and of the candidates
 * missed on the way: a changed alias map changes what its specifiers resolve to, or which strings are read as them.
 */
export function importsDigest(file: string): string {
  const memo = frozen ? digests : new Map<string, string>();
  return foldImports(file, memo, DIGEST_KEY, () => false, (_, sigs, outside) => {
    const h = createHash('sha1');
    for (const s of sigs) h.update(s).update('\n');
    for (const d of outside.sort()) h.update(d);
    return h.digest('base64');
  });
}

/** True when a project module that `text` (of `file`) imports, transitively, passes `mentions` (named by `key`). */
export function importsMention(file: string, text: string, key: string, mentions: Mentions): boolean {
  let memo = frozen ? mentionMemos.get(key) : undefined;
  if (!memo) {
    memo = new Map();
    if (frozen) mentionMemos.set(key, memo);
  }
  const memoFor = memo;
  const mentioned = (m: string): boolean => load(m, key, mentions)?.mentions.get(key) === true;
  // The file's own text may not be what is on disk (--stdin), so its imports are taken from `text`.
  return specifiersOf(text, file).some((spec) => {
    const found = resolveImport(file, spec);
    return found !== null && foldImports(found, memoFor, key, mentions, (members, _, outside) => outside.some(Boolean) || members.some(mentioned));
  });
}
