import { resolve } from 'node:path';
import { BoundedMap } from '../core/bounded-map';
import { isFileIndexFrozen } from '../core/file-index';
import { detached } from '../core/strings';
import { type ImportRead, importReads } from './import-reads';
import { type ModuleFacts, factsAsRead, moduleFacts, noteLinted } from './module-facts';
import { Mention, mentionOf } from './prefilter';
import { MAX_MODULE_BYTES, resolveImport, specifierScan } from './relative-imports';

// Which values a JS file that names no client imports from modules of the project, and whether any of them
// may lead it to a client: the second half of the JS prefilter (prefilter.ts is the first).

// Modules read as text for one importer, or a chain of imports this long, before the answer is taken to be yes.
const MAX_VISITS = 20_000;
const MAX_DEPTH = 2_000;

const CLIENT_KEY = 'client';
// A module names a client when it may hold a finding, or may hand a client's module on (prefilter.ts: Mention).
const NAMES_CLIENT = { key: CLIENT_KEY, test: (text: string) => mentionOf('js', text) !== Mention.None };

// Within one run (the tree frozen): reads from modules that name a client, modules that name none, and names
// read from modules that name none (a barrel that many files import).
const readAnswers = new BoundedMap<string, boolean>(8_192);
const moduleAnswers = new BoundedMap<string, boolean>(16_384);
const namedAnswers = new BoundedMap<string, boolean>(16_384);

/** What the reach needs of a module: whether it names a client, and what it reads; null when it cannot be read. */
function factsOf(path: string): ModuleFacts | null {
  // A module that names a client is judged by its parsed values, not by what it reads.
  const facts = moduleFacts(path, { mention: NAMES_CLIENT, reads: 'unless-mentioned', maxBytes: MAX_MODULE_BYTES });
  return facts && facts.size <= MAX_MODULE_BYTES ? facts : null; // the engine does not read it either
}

function namesAClient(facts: ModuleFacts): boolean {
  return facts.mentions.get(CLIENT_KEY) === true;
}

/** Within a run: the file at `filePath`, being linted, names a client itself (so needs no reading as a module). */
export function namesClient(filePath: string, text: string): void {
  if (text.length <= MAX_MODULE_BYTES) noteLinted(resolve(filePath), text.length, { key: CLIENT_KEY, value: true });
}

/** The file each read of the module at `path` names (resolved once per run when the tree is frozen). */
function targetsOf(path: string, facts: ModuleFacts): (string | null)[] {
  if (facts.targets) return facts.targets;
  const targets = facts.reads!.map((r) => resolveImport(path, r.specifier));
  if (isFileIndexFrozen()) facts.targets = targets;
  return targets;
}

/** Judges a value read from a module that names a client: the JS engine parses it (src/engines/js/reach.ts). */
export type JudgeRead = (path: string, read: ImportRead) => boolean;

function evaluatedLeads(judge: JudgeRead, path: string, read: ImportRead): boolean {
  const key = detached(`${path}\0${read.name}\0${read.members?.join(',') ?? '\0'}`);
  const known = readAnswers.get(key);
  if (known !== undefined) return known;
  const answer = judge(path, read);
  if (isFileIndexFrozen()) readAnswers.set(key, answer);
  return answer;
}

/** One importer's question: the modules that name no client, folded by strongly connected component (Tarjan). */
class TextWalk {
  private readonly index = new Map<string, number>();
  private readonly low = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  /** What a module's own reads say, before its component is complete. */
  private readonly partial = new Map<string, boolean>();
  private readonly done = new Map<string, boolean>();
  private visits = 0;
  /** A limit cut the walk short (answered yes there): its answers are not kept for other importers. */
  private cut = false;

  constructor(private readonly judge: JudgeRead) {}

  /** Whether `read` from the module at `path` may lead to a client. */
  read(path: string, read: ImportRead): boolean {
    const facts = factsOf(path);
    if (!facts) return false;
    if (namesAClient(facts)) return evaluatedLeads(this.judge, path, read);
    const names = read.name !== '*' ? [read.name ?? 'default'] : read.members;
    if (!names) return this.module(path, facts);
    // Walked from here with nothing seen yet, the answer is every importer's: the modules' answers it takes are
    // those of whole components, as no module() is under way above it.
    const key = `${path}\0${names.join(',')}`;
    const known = namedAnswers.get(key);
    if (known !== undefined) return known;
    const answer = this.named(path, facts, names, new Set());
    if (isFileIndexFrozen() && !this.cut) namedAnswers.set(detached(key), answer);
    return answer;
  }

  /**
   * Named exports of a module that names no client (a barrel, most often): what it imports itself may reach any
   * of its exports, but a re-export counts only for the names it exports.
   */
  private named(path: string, facts: ModuleFacts, names: readonly string[], seen: Set<string>): boolean {
    const targets = targetsOf(path, facts);
    for (const [i, r] of facts.reads!.entries()) {
      // `export * from`: the names asked, but not the default; `export { a as b }`, `export * as b`: b.
      const asked = r.as === undefined ? null : r.as === '*' ? names.filter((n) => n !== 'default') : names.includes(r.as) ? [r.name ?? 'default'] : [];
      // A re-export of none of the names asked: the module it names is not read.
      if (asked?.length === 0) continue;
      const target = targets[i];
      const next = target ? factsOf(target) : null;
      if (!target || !next) continue;
      if (!asked) {
        if (namesAClient(next) ? evaluatedLeads(this.judge, target, r) : this.module(target, next)) return true;
        continue;
      }
      for (const name of asked) {
        const key = `${target}\0${r.as === '*' || r.name !== '*' ? name : '*'}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const whole = r.as !== '*' && r.name === '*';
        const reexported: ImportRead = whole ? { specifier: r.specifier, name: '*' } : { specifier: r.specifier, name: name === 'default' ? null : name };
        if (namesAClient(next)) {
          if (evaluatedLeads(this.judge, target, reexported)) return true;
        } else if (whole ? this.module(target, next) : this.named(target, next, [name], seen)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A module that names no client can hand one on only from what it imports or re-exports: whether any of that
   * may lead to a client, whichever of its exports is read. Modules that import each other share one answer.
   */
  private module(path: string, facts: ModuleFacts): boolean {
    const known = moduleAnswers.get(path) ?? this.done.get(path);
    if (known !== undefined) return known;
    if (++this.visits > MAX_VISITS || this.stack.length > MAX_DEPTH) {
      this.cut = true;
      return true;
    }
    const at = this.index.size;
    this.index.set(path, at);
    this.low.set(path, at);
    this.stack.push(path);
    this.onStack.add(path);
    let leads = false;
    const targets = targetsOf(path, facts);
    for (const [i, r] of facts.reads!.entries()) {
      const target = targets[i];
      const next = target ? factsOf(target) : null;
      if (!target || !next) continue;
      if (namesAClient(next)) {
        leads ||= evaluatedLeads(this.judge, target, r);
      } else if (!this.index.has(target)) {
        leads = this.module(target, next) || leads;
        if (this.onStack.has(target)) this.low.set(path, Math.min(this.low.get(path)!, this.low.get(target)!));
      } else if (this.onStack.has(target)) {
        this.low.set(path, Math.min(this.low.get(path)!, this.index.get(target)!));
      } else {
        leads ||= this.done.get(target) ?? true;
      }
    }
    this.partial.set(path, leads);
    if (this.low.get(path) !== at) return leads;
    // The root of a component: every member gets the answer of all of them.
    const members: string[] = [];
    for (let m = ''; m !== path; ) {
      m = this.stack.pop()!;
      this.onStack.delete(m);
      members.push(m);
    }
    const answer = members.some((m) => this.partial.get(m));
    for (const m of members) {
      this.done.set(m, answer);
      if (isFileIndexFrozen()) moduleAnswers.set(m, answer);
    }
    return answer;
  }
}

const closedAnswers = new BoundedMap<string, boolean>(16_384);

/**
 * Whether no client can be reached from the module at `path` by its text: neither it nor any module it imports
 * or re-exports (by a relative path or an alias), transitively, names one. Such a module exports no client, nor
 * anything that may give one (a value is one only through a client's name), so judging a value an importer reads
 * need not parse it. A module that cannot be read counts as naming none (the engine cannot read it either); past
 * `MAX_VISITS` modules the answer is no.
 */
export function reachesNoClient(path: string): boolean {
  const known = closedAnswers.get(path);
  if (known !== undefined) return known;
  const seen = new Set<string>([path]);
  const todo = [path];
  let answer = true;
  while (todo.length && answer) {
    const at = todo.pop()!;
    const facts = factsOf(at);
    if (!facts) continue;
    if (namesAClient(facts) || seen.size > MAX_VISITS) answer = false;
    else {
      for (const target of targetsOf(at, facts)) {
        if (target && !seen.has(target)) {
          seen.add(target);
          todo.push(target);
        }
      }
    }
  }
  if (isFileIndexFrozen()) closedAnswers.set(path, answer);
  return answer;
}

/**
 * Within a run: what the reach learnt of the JS file at `filePath` when it read it as a module, with `stamp` (its
 * UTF-8 text): whether it names a client, and if not, what it reads. Undefined when it has not read it.
 */
export function readAsModule(filePath: string, stamp: string): { names: true } | { names: false; reads: ImportRead[] } | undefined {
  const f = factsAsRead(resolve(filePath), stamp);
  const names = f?.mentions.get(CLIENT_KEY);
  if (names === undefined) return undefined;
  if (names) return { names };
  return f!.reads ? { names, reads: f!.reads } : undefined;
}

/**
 * Within a run: when the reach read the JS file at `filePath` as a module and found it names no client, with
 * text a lint target's read gives too (`ModuleFacts.plain`), the stamp it read it with and what it reads.
 * While the file keeps that stamp, it need not be read again to be triaged. Undefined otherwise.
 */
export function readAsPlainModule(filePath: string): { stamp: string; reads: ImportRead[] } | undefined {
  const f = factsAsRead(resolve(filePath));
  return f?.plain && f.mentions.get(CLIENT_KEY) === false && f.reads ? { stamp: f.stamp, reads: f.reads } : undefined;
}

/**
 * What the JS file at `filePath` reads from the modules it imports or requires, noted for the run so that a file
 * importing it later need not read it: the first half of `importsMayLeadToClient`, for a file that names no client.
 */
export function noteImporter(filePath: string, text: string, asModule = false): ImportRead[] {
  const reads = importReads(text, true, specifierScan(filePath));
  // Within a run, a file linted now is read as it is when another file imports it later: `asModule`, it may hand
  // a client's module on (prefilter.ts: Mention.AsModule).
  if (text.length <= MAX_MODULE_BYTES) noteLinted(resolve(filePath), text.length, { key: CLIENT_KEY, value: asModule }, reads);
  return reads;
}

/** The second half of `importsMayLeadToClient`: whether any of `reads` (of `filePath`) may lead it to a client. */
export function readsMayLeadToClient(filePath: string, reads: readonly ImportRead[], judge: JudgeRead): boolean {
  const walk = new TextWalk(judge);
  for (const read of reads) {
    if (read.as !== undefined) continue; // re-exported: the file itself reads nothing
    const path = resolveImport(filePath, read.specifier);
    if (path && walk.read(path, read)) return true;
  }
  return false;
}

/**
 * True when a value `text` (of `filePath`) imports from a project module (by a relative path or an alias) may
 * lead it to a client. A file that names no client itself can hold a finding only through such a value: without
 * one, nothing in it evaluates to a client. The importer is not parsed: what it reads is taken from its text
 * (import-reads.ts). A module that names a client is handed to `judge`, which parses it and judges the value
 * read; the others are read as text, following what they import and re-export.
 */
export function importsMayLeadToClient(filePath: string, text: string, judge: JudgeRead): boolean {
  return readsMayLeadToClient(filePath, noteImporter(filePath, text, mentionOf('js', text) === Mention.AsModule), judge);
}
