import type { Fix } from '../../../model/finding';
import { calledFunctionName } from '../names';
import { childrenOf, endOf, startOf, type PhpNode } from '../parse';

/**
 * `while (!feof($fp)) { … fgets($fp) … }`: after a read times out (stream_set_timeout(), a context or
 * default_socket_timeout), feof() stays false and the read returns false at once the next time round, after
 * waiting the timeout again: against a server that goes silent the loop never ends ([EXP] PHP 8.2, a socket and
 * an http:// stream alike: fgets returned false every second, timed_out true, feof false, forever).
 */
export interface FeofLoop {
  /** The `while`, `do` or `for`. */
  loop: PhpNode;
  /** The loop's test (for `for`, its last expression), which the fix extends. */
  test: PhpNode;
  /** The handle feof() is asked about. */
  handle: PhpNode;
}

const LOOPS = new Set(['while', 'do', 'for']);
// Reading the metadata (timed_out), or a clock: a deadline.
const WAYS_OUT = new Set(['stream_get_meta_data', 'socket_get_status']);
const CLOCKS = new Set(['time', 'microtime', 'hrtime']);
// A read in the condition: `while (($line = fgets($fp)) !== false)` stops once a read gives up. PHP's reads of a
// stream, which the read tracker (ini.ts) counts among those that wait.
export const STREAM_READS: ReadonlySet<string> = new Set(['fgets', 'fread', 'fgetc', 'fgetcsv', 'fscanf', 'stream_get_line', 'stream_get_contents']);
const NESTED_UNITS = new Set(['function', 'closure', 'arrowfunc', 'class', 'method']);
const BREAKABLE = new Set(['while', 'do', 'for', 'foreach', 'switch']);

/** A clock read: `time()`, `microtime()`, `hrtime()`, or a method of that name (`$this->time()`, `self::time()`). */
function isClock(n: PhpNode): boolean {
  if (CLOCKS.has(calledFunctionName(n))) return true;
  const what = n.kind === 'call' ? (n.what as PhpNode) : null;
  const offset = what && ['propertylookup', 'nullsafepropertylookup', 'staticlookup'].includes(what.kind) ? (what.offset as PhpNode) : null;
  return offset?.kind === 'identifier' && CLOCKS.has(String(offset.name).toLowerCase());
}

/** The `feof(h)` calls a test stops on when they turn true: `!feof($h)`, alone or a part of `&&`/`||`. */
function feofCalls(test: PhpNode, depth = 0): PhpNode[] {
  if (depth > 8) return [];
  if (test.kind === 'unary' && test.type === '!') {
    let what = test.what as PhpNode;
    if (what.kind === 'silent') what = what.expr as PhpNode; // `!@feof($fp)`
    return calledFunctionName(what) === 'feof' && ((what.arguments as PhpNode[]) ?? []).length === 1 ? [what] : [];
  }
  if (test.kind === 'bin' && ['&&', '||', 'and', 'or'].includes(String(test.type))) {
    return [...feofCalls(test.left as PhpNode, depth + 1), ...feofCalls(test.right as PhpNode, depth + 1)];
  }
  return [];
}

/** `$fp`, `$this->fp`, `self::$fp` as a key, or '' for anything else. */
function handleKey(n: PhpNode | undefined, depth = 0): string {
  if (!n || depth > 4) return '';
  if (n.kind === 'variable' && typeof n.name === 'string') return `$${n.name}`;
  if (n.kind === 'identifier' && typeof n.name === 'string') return n.name;
  if (n.kind === 'selfreference' || n.kind === 'staticreference') return n.kind;
  if (n.kind !== 'propertylookup' && n.kind !== 'staticlookup') return '';
  const [what, offset] = [handleKey(n.what as PhpNode, depth + 1), handleKey(n.offset as PhpNode, depth + 1)];
  return what && offset ? `${what}->${offset}` : '';
}

// PHP's own stream functions: handed the handle, they do not end the loop.
const BUILTIN_IO = /^(f(gets|read|getc|getcsv|scanf|write|puts|close|flush|passthru|eof|stat|seek|tell|lock|truncate)|stream_\w+|socket_\w+|is_resource|get_resource_type)$/;

/**
 * A call of code of the project handed the handle (`$this->readLine($fp)`, `read_chunk($fp)`): it may end the
 * loop when a read times out (throw), as Net_Socket's and HTTP clients' helpers do.
 */
function handsOnHandle(node: PhpNode, handles: ReadonlySet<string>): boolean {
  if (node.kind !== 'call') return false;
  const name = calledFunctionName(node);
  if (name && BUILTIN_IO.test(name)) return false;
  return ((node.arguments as PhpNode[]) ?? []).some((a) => handles.has(handleKey(a)));
}

/** Something in the loop that ends it once a read times out, or that reads the clock or the stream's state. */
function hasWayOut(node: PhpNode, loops: number, inTest: boolean, handles: ReadonlySet<string>, depth = 0): boolean {
  if (depth > 200 || NESTED_UNITS.has(node.kind)) return false;
  const name = calledFunctionName(node);
  if (WAYS_OUT.has(name) || isClock(node) || (inTest && STREAM_READS.has(name)) || handsOnHandle(node, handles)) return true;
  if (node.kind === 'offsetlookup' && (node.offset as PhpNode | null)?.kind === 'string' && (node.offset as PhpNode).value === 'timed_out') return true;
  if (['return', 'throw', 'exit', 'goto'].includes(node.kind)) return true;
  if (node.kind === 'break') {
    const level = node.level as PhpNode | null;
    return (level?.kind === 'number' ? Number(level.value) : 1) > loops;
  }
  const inner = BREAKABLE.has(node.kind) ? loops + 1 : loops;
  return childrenOf(node).some((c) => hasWayOut(c, inner, inTest, handles, depth + 1));
}

/** The loops of a file that end on feof() alone, by the offset of the feof() call in their test. */
export function feofLoops(ast: PhpNode): Map<number, FeofLoop> {
  const out = new Map<number, FeofLoop>();
  const visit = (node: PhpNode, depth: number): void => {
    if (depth > 400) return;
    if (LOOPS.has(node.kind)) {
      const tests = node.kind === 'for' ? ((node.test as PhpNode[]) ?? []) : [node.test as PhpNode];
      const test = tests.at(-1);
      const calls = test ? feofCalls(test) : [];
      const body = node.body as PhpNode | null;
      const handles = new Set(calls.map((c) => handleKey(((c.arguments as PhpNode[]) ?? [])[0])).filter(Boolean));
      const free = calls.length && !tests.some((t) => hasWayOut(t, 0, true, handles)) && !(body && hasWayOut(body, 0, false, handles));
      if (free) for (const call of calls) out.set(startOf(call), { loop: node, test: test!, handle: ((call.arguments as PhpNode[]) ?? [])[0]! });
    }
    for (const c of childrenOf(node)) visit(c, depth + 1);
  };
  visit(ast, 0);
  return out;
}

/** Whether the node holds a clock read, outside functions it declares. */
function readsClock(node: PhpNode, depth = 0): boolean {
  if (depth > 200 || NESTED_UNITS.has(node.kind)) return false;
  return isClock(node) || childrenOf(node).some((c) => readsClock(c, depth + 1));
}

/**
 * The reads (by the offset of the call) that sit in a loop that reads a clock, a deadline: a read of a
 * non-blocking socket there never waits, and the loop ends when the deadline passes.
 */
export function deadlineReads(ast: PhpNode): Set<number> {
  const out = new Set<number>();
  const collect = (node: PhpNode, depth: number): void => {
    if (depth > 200 || NESTED_UNITS.has(node.kind)) return;
    if (STREAM_READS.has(calledFunctionName(node))) out.add(startOf(node));
    for (const c of childrenOf(node)) collect(c, depth + 1);
  };
  const visit = (node: PhpNode, depth: number): void => {
    if (depth > 400) return;
    if ((LOOPS.has(node.kind) || node.kind === 'foreach') && readsClock(node)) collect(node, 0);
    else for (const c of childrenOf(node)) visit(c, depth + 1);
  };
  visit(ast, 0);
  return out;
}

function readsOrWaits(node: PhpNode, depth = 0): boolean {
  if (depth > 100) return false;
  const name = calledFunctionName(node);
  return STREAM_READS.has(name) || name === 'stream_select' || childrenOf(node).some((c) => readsOrWaits(c, depth + 1));
}

/**
 * The statements (by offset) that a later statement of their list leaves right after (nothing between reads or
 * waits): a return, throw or exit, as in
 * `if (!$blocking) { stream_set_blocking($fp, 0); fclose($fp); return …; }`.
 */
export function leavingStatements(ast: PhpNode): Set<number> {
  const out = new Set<number>();
  const leaves = (st: PhpNode): boolean =>
    st.kind === 'return' || st.kind === 'throw' || (st.kind === 'expressionstatement' && (st.expression as PhpNode | undefined)?.kind === 'exit');
  const visit = (node: PhpNode, depth: number): void => {
    if (depth > 400) return;
    const list = Array.isArray(node.children) ? (node.children as PhpNode[]) : [];
    // A return ahead with nothing between that reads or waits (`fclose($fp);` does not).
    let after = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const st = list[i]!;
      if (after && st.kind === 'expressionstatement') out.add(startOf(st));
      after = leaves(st) || (after && st.kind === 'expressionstatement' && !readsOrWaits(st));
    }
    for (const c of childrenOf(node)) visit(c, depth + 1);
  };
  visit(ast, 0);
  return out;
}

/** What the read tracker (ini.ts) asks about loops and statement lists. */
export interface LoopFacts {
  feofLoops: ReadonlyMap<number, FeofLoop>;
  deadlineReads: ReadonlySet<number>;
  leaving: ReadonlySet<number>;
}

const NONE: LoopFacts = { feofLoops: new Map(), deadlineReads: new Set(), leaving: new Set() };

/** The facts of a file's loops, looked for only when its text names what they are about. */
export function loopFacts(ast: PhpNode, text: string): LoopFacts {
  const feof = /\bfeof\s*\(/i.test(text);
  const blocking = /_set_blocking\s*\(/i.test(text);
  if (!feof && !blocking) return NONE;
  return { feofLoops: feof ? feofLoops(ast) : new Map(), deadlineReads: blocking ? deadlineReads(ast) : new Set(), leaving: blocking ? leavingStatements(ast) : new Set() };
}

// Operators that bind looser than `&&`: the test is put in parentheses before `&& …` goes after it.
const LOOSE = new Set(['||', 'or', 'and', 'xor', '??']);

/** `while (!feof($fp))` -> `while (!feof($fp) && !stream_get_meta_data($fp)['timed_out'])`. */
export function feofLoopFix(text: string, loop: FeofLoop): Fix {
  const handle = text.slice(startOf(loop.handle), endOf(loop.handle));
  const [start, end] = [startOf(loop.test), endOf(loop.test)];
  const t = loop.test;
  const wrap = (t.kind === 'bin' && LOOSE.has(String(t.type))) || ['retif', 'assign'].includes(t.kind);
  const written = text.slice(start, end);
  return { range: [start, end], text: `${wrap ? `(${written})` : written} && !stream_get_meta_data(${handle})['timed_out']` };
}

/** The sentence a finding on such loops adds. */
export function feofLoopNote(text: string, loops: readonly FeofLoop[]): string {
  const lines = loops.map((l) => text.slice(0, startOf(l.loop)).split('\n').length).sort((a, b) => a - b);
  const where = lines.length > 1 ? `read loops on lines ${lines.join(', ')} end` : `read loop on line ${lines[0]} ends`;
  return ` Its ${where} only on feof(), which stays false once a read times out: each read waits the timeout again, forever.`;
}
