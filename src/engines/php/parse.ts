import type { ParseFailure } from '../../model/finding';

/** The subset of php-parser's node shape the engine reads. */
export interface PhpNode {
  kind: string;
  loc?: { start: { offset: number; line: number; column: number }; end: { offset: number } } | null;
  [key: string]: unknown;
}

interface LexerState {
  conditionStack?: string[];
}

interface PhpLexer {
  conditionStack: string[];
  curCondition: string;
  stateCb: unknown;
  getState(): LexerState;
  setState(state: LexerState): PhpLexer;
  [match: string]: unknown;
}

type PhpParser = { parseCode(code: string, file: string): PhpNode; lexer: PhpLexer };
let parser: PhpParser | undefined;

/**
 * php-parser 3.7 looks one token ahead (is `include` in `f(include "$dir/x.php")` a named argument?) and then
 * puts the lexer back, but not its condition stack, so an interpolated string it peeked into is lexed as if
 * still open and valid PHP is rejected. Saving the stack with the rest of the state puts the lexer back whole.
 */
function restoreConditionsToo(lexer: PhpLexer): void {
  const { getState, setState } = lexer;
  lexer.getState = function (this: PhpLexer) {
    return { ...getState.call(this), conditionStack: [...this.conditionStack] };
  };
  lexer.setState = function (this: PhpLexer, state: LexerState) {
    setState.call(this, state);
    if (state.conditionStack) {
      this.conditionStack = [...state.conditionStack];
      this.curCondition = this.conditionStack[this.conditionStack.length - 1]!;
      this.stateCb = this[`match${this.curCondition}`];
    }
    return this;
  };
}

function getParser(): PhpParser {
  if (!parser) {
    const Engine = require('php-parser') as new (options: object) => PhpParser;
    parser = new Engine({
      parser: { php8: true, version: '8.5', suppressErrors: false, extractDoc: false },
      ast: { withPositions: true, withSource: false },
      lexer: { short_tags: true, asp_tags: false },
    });
    restoreConditionsToo(parser.lexer);
  }
  return parser;
}

// Valid PHP that php-parser 3.7 rejects, rewritten to text of the same length so offsets still hold: a function
// named `readonly` (WordPress's php-compat) in some places.
const PARSER_GAPS: [RegExp, string][] = [[/\breadonly(?=\s*\()/i, 'readonl_']];

/** Parses PHP; a syntax error comes back as a ParseFailure, never as an exception. */
export function parsePhp(text: string, filePath: string): PhpNode | ParseFailure {
  const ast = parseWithGaps(text, filePath);
  if (!isParseFailure(ast) && LOW_PRECEDENCE.test(text)) mendLowPrecedenceEnds(ast, text);
  return ast;
}

function parseWithGaps(text: string, filePath: string): PhpNode | ParseFailure {
  const first = tryParse(text, filePath);
  if (!isParseFailure(first) || !PARSER_GAPS.some(([re]) => re.test(text))) return first;
  let patched = text;
  for (const [re, same] of PARSER_GAPS) patched = patched.replace(new RegExp(re.source, 'gi'), same);
  const second = tryParse(patched, filePath);
  return isParseFailure(second) ? first : second;
}

const LOW_PRECEDENCE = /\)\s*(?:or|and|xor)\b/i;
const OPERATOR_WORDS = /\b(?:or|and|xor)\b/gi;

/**
 * php-parser 3.7 ends the left side of `or`, `and` and `xor` at the end of the whole expression when it is an
 * assignment: in `$fp = fsockopen(…) or die(…);` the assignment and the call both end after `die(…);`. A fix
 * appending an argument to the call then writes it into `die(…)`. Ends the left side, and every node in it,
 * before the operator.
 */
function mendLowPrecedenceEnds(root: PhpNode, text: string): void {
  // Every such node holds its operator's word: a node that holds none of the places these words are written
  // (in code, strings or comments) holds no such node, and is not walked.
  const words = [...text.matchAll(OPERATOR_WORDS)].map((m) => m.index);
  const holdsWord = (n: PhpNode): boolean => {
    if (!n.loc) return true;
    const [start, end] = [startOf(n), endOf(n)];
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < words.length && words[lo]! < end;
  };
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!holdsWord(node)) continue;
    const children = childrenOf(node);
    stack.push(...children);
    if (node.kind !== 'bin' || !['or', 'and', 'xor'].includes(String(node.type))) continue;
    const left = node.left as PhpNode;
    const right = node.right as PhpNode;
    if (!left?.loc || !right?.loc) continue;
    const op = String(node.type);
    let at = startOf(right);
    while (at > 0 && /\s/.test(text[at - 1]!)) at--;
    if (text.slice(at - op.length, at).toLowerCase() !== op) continue;
    let end = at - op.length;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    if (endOf(left) <= end) continue;
    const inside = [left];
    while (inside.length) {
      const n = inside.pop()!;
      if (n.loc && n.loc.end.offset > end) n.loc.end.offset = end;
      inside.push(...childrenOf(n));
    }
  }
}

function tryParse(text: string, filePath: string): PhpNode | ParseFailure {
  try {
    return getParser().parseCode(text, filePath);
  } catch (err) {
    const e = err as { message?: string; lineNumber?: number; columnNumber?: number };
    if (err instanceof RangeError) {
      return { message: 'Parsing error: the file is nested too deeply to analyse', line: 1, column: 1 };
    }
    // php-parser's own "Parse Error : " would repeat ours.
    const message = (e.message ?? String(err)).replace(/ on line \d+$/, '').replace(/^Parse Error\s*:\s*/i, '');
    return { message: `Parsing error: ${message}`, line: e.lineNumber ?? 1, column: (e.columnNumber ?? 0) + 1 };
  }
}

export function isParseFailure(x: PhpNode | ParseFailure): x is ParseFailure {
  return !('kind' in x);
}

export function startOf(node: PhpNode): number {
  return node.loc!.start.offset;
}

export function endOf(node: PhpNode): number {
  return node.loc!.end.offset;
}

export function rangeOf(node: PhpNode): [number, number] {
  return [startOf(node), endOf(node)];
}

/**
 * A literal a fix may replace where `written` is the value written: the literal itself, the fallback of
 * `$options['timeout'] ?? 0`, or the arm a decided `isset($options['timeout']) ? … : 0` takes. Not an arm whose
 * other arm is a literal too (`$debug ? 0 : 30`): that 0 was chosen on purpose for one case, and replacing it would
 * leave `$debug ? 30 : 30`.
 */
export function isLiteralInPlace(written: PhpNode, literal: PhpNode): boolean {
  if (written === literal) return true;
  if (written.kind === 'bin') return written.type === '??' && written.right === literal;
  if (written.kind !== 'retif') return false;
  const other = written.falseExpr === literal ? written.trueExpr : written.trueExpr === literal ? written.falseExpr : undefined;
  return other !== undefined && !isPlainLiteral(other as PhpNode | null);
}

const PLAIN_LITERALS = new Set(['number', 'string', 'nowdoc', 'boolean', 'nullkeyword']);

/** `30`, `-1`, `'5'`, `true`, `null`, `(int) 30` written as such. */
function isPlainLiteral(node: PhpNode | null): boolean {
  if (!node) return false;
  if (node.kind === 'unary') return isPlainLiteral(node.what as PhpNode);
  if (node.kind === 'cast') return isPlainLiteral(node.expr as PhpNode);
  if (node.kind === 'name') return /^\\?(true|false|null)$/i.test(String(node.name));
  return PLAIN_LITERALS.has(node.kind);
}

/** Where each argument written in a call or `new` is, for fixes that add to them. */
export function argumentRanges(call: PhpNode): [number, number][] {
  return ((call.arguments as PhpNode[] | undefined) ?? []).filter((a) => a?.loc).map(rangeOf);
}

/** Child nodes in source order, for the generic walk. */
export function childrenOf(node: PhpNode): PhpNode[] {
  const out: PhpNode[] = [];
  // Own keys only: `for…in` would also list the methods php-parser's node classes make enumerable.
  for (const key of Object.keys(node)) {
    if (key === 'kind' || key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item === 'object' && 'kind' in item) out.push(item as PhpNode);
    } else if (v && typeof v === 'object' && 'kind' in (v as object)) out.push(v as PhpNode);
  }
  return out;
}

/**
 * A closure inside `fn` that holds `at` and not `literal`, and does not `use` `$name`: there the variable is not the
 * one the literal was given to (the walk does not tell them apart). An arrow function sees the variables around it.
 */
export function closureBetween(fn: PhpNode, literal: PhpNode, at: PhpNode, name: string): boolean {
  const inside = (outer: PhpNode, n: PhpNode): boolean => startOf(n) >= startOf(outer) && endOf(n) <= endOf(outer);
  const todo = [...childrenOf(fn)];
  while (todo.length) {
    const n = todo.pop()!;
    if (!n.loc || !inside(n, at)) continue;
    const uses = (n.uses as PhpNode[] | undefined) ?? [];
    if (n.kind === 'closure' && !inside(n, literal) && !uses.some((u) => u.name === name)) return true;
    todo.push(...childrenOf(n));
  }
  return false;
}
