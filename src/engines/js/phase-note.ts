// Why a request object with a bound in view is unbounded all the same (response-phase.ts), and the ms its fix writes.
import { ts } from './typescript';
import type { EngineSettings, Finding, Fix } from '../../model/finding';
import type { Call, Request } from './detect';
import { type Layer, lookup } from './evaluate';
import { phaseOf } from './response-phase';
import { type FileCtx, reassigned } from './file';
import { isPropertyName, lineAt, walk } from './walk';

/** `req.setTimeout()` as a call names it: on a name, or `.setTimeout()` on a chain. */
function methodCalled(call: Call, sf: ts.SourceFile): string | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  return ts.isIdentifier(callee.expression) ? `${callee.getText(sf)}()` : `.${callee.name.text}()`;
}

/** The unheard idle option the request sets, and its value where it reads as a number. */
function unheardSet(r: Request, layers: readonly Layer[]): { option: string; label: string; line?: number; ms?: number; expr?: ts.Expression; unit: number } | undefined {
  for (const option of phaseOf(r.call)?.unheard ?? []) {
    const { found } = lookup(layers, option);
    if (found === 'absent' || found === 'unknown') continue;
    const node = found.prop?.node;
    const line = node && found.prop!.file === r.file ? lineAt(r.file.sf, node.getStart(r.file.sf)) : undefined;
    const unit = r.spec.idle?.find((o) => o.name === option)?.unit === 's' ? 1000 : 1;
    const ms = found.val.kind === 'lit' && typeof found.val.value === 'number' && found.val.value > 0 ? found.val.value * unit : undefined;
    // Set by a handle method (`req.setTimeout(5000)`): named as the call.
    const label = node && ts.isCallExpression(node) ? methodCalled(node, r.file.sf) ?? option : option;
    // A value that reads as no number (`timeout: timeoutMs`) in this file: the fix may size the total by it.
    const expr = ms === undefined && found.val.kind !== 'lit' && found.prop?.file === r.file && !found.prop.value ? found.prop.expr : undefined;
    return { option, label, line, ms, expr, unit };
  }
  return undefined;
}

/** The sentence a missingTimeout message adds: what looks like a bound, and why it is none. */
export function phaseNote(r: Request, layers: readonly Layer[]): string {
  const phase = phaseOf(r.call);
  const sf = r.file.sf;
  if (phase?.cleared) {
    const [timer, clear] = [phase.cleared.timer, phase.cleared.clear].map((n) => lineAt(sf, n.getStart(sf)));
    return ` The timer on line ${timer} that ends the request is cleared on line ${clear}, once the headers arrive: reading the body after it has no bound.`;
  }
  if (phase?.late) {
    const at = lineAt(sf, phase.late.at.getStart(sf));
    const what = phase.late.timer ? `The timer that ends it on line ${at} is armed` : `\`${methodCalled(phase.late.at, sf) ?? 'setTimeout()'}\` on line ${at} runs`;
    return ` ${what} in the response callback, once the headers are in: nothing bounds the wait for them.`;
  }
  const unheard = unheardSet(r, layers);
  if (!unheard) return '';
  const where = unheard.line ? ` (line ${unheard.line})` : '';
  return ` Its \`${unheard.label}\`${where} only emits '${unheard.option}', and no listener ends the request on it.`;
}

/** The settings a fix writes with, and the code's own idle value where it is no number the analysis reads. */
export type PhaseSettings = EngineSettings & { totalMsText?: string; idle?: { expr: ts.Expression; option: string } };

// Node 20: AbortSignal.timeout(ms) throws ERR_OUT_OF_RANGE unless `ms` is an integer in 0..2^32-1, and its timer, as
// setTimeout's, fires after 1 ms for more than 2^31-1 (TimeoutOverflowWarning); http's `timeout` clamps to the same
// most (getTimerDuration), so a longer idle value lets a transfer run no longer than that.
export const TIMER_MAX = 2147483647;

/** A ms count AbortSignal.timeout takes and waits for: rounded up, at most the timer's most. */
export function timerMs(ms: number): number {
  return Math.min(Math.max(Math.ceil(ms), 0), TIMER_MAX);
}

/**
 * The settings a fix writes with: the ms of a timer cleared at the headers, as the author chose it; for an idle
 * value no listener acts on, no total shorter than that value (a transfer silent for less may still be going on).
 * Where the value is an expression (`timeout: timeoutMs`), the total is the larger of it and the configured one,
 * as a literal's is, made a ms count AbortSignal.timeout takes (`timerMs`):
 * `Math.min(Math.max(Math.ceil(timeoutMs || 0), 30000), 2147483647)` (`|| 0`: undefined and NaN, which `timeout`
 * takes as none, would make it throw).
 */
export function phaseSettings(r: Request, layers: readonly Layer[], settings: EngineSettings): PhaseSettings {
  const delay = phaseOf(r.call)?.cleared?.delay;
  if (delay?.kind === 'lit' && typeof delay.value === 'number') return { ...settings, totalTimeout: timerMs(delay.value) / 1000 };
  const idle = unheardSet(r, layers);
  if (idle?.expr) {
    const text = simpleRead(idle.expr) ? idle.expr.getText(r.file.sf) : `(${idle.expr.getText(r.file.sf)})`;
    const scale = idle.unit === 1 ? '' : ` * ${idle.unit}`;
    const total = timerMs(settings.totalTimeout * 1000);
    return { ...settings, totalMsText: `Math.min(Math.max(Math.ceil(${text}${scale} || 0), ${total}), ${TIMER_MAX})`, idle: { expr: idle.expr, option: idle.option } };
  }
  const ms = idle?.ms;
  return ms !== undefined && ms > settings.totalTimeout * 1000 ? { ...settings, totalTimeout: timerMs(ms) / 1000 } : settings;
}

/** `timeoutMs`, `opts.timeout`, `this.timeout`: a name or a member of one, written as it is inside a call. */
export function simpleRead(e: ts.Expression): boolean {
  const x = ts.isPropertyAccessExpression(e) ? e.expression : e;
  return ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword || (ts.isPropertyAccessExpression(x) && simpleRead(x));
}

/**
 * Whether reading `e` again gives the value it gave: names, `this`, members, literals and the operators on them
 * (`opts.timeout ?? 5000`); no call, assignment, `++` or `new`.
 */
function readsAgain(e: ts.Node): boolean {
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword || ts.isNumericLiteral(e) || ts.isStringLiteralLike(e)) return true;
  if (ts.isPropertyAccessExpression(e)) return readsAgain(e.expression);
  if (ts.isElementAccessExpression(e)) return readsAgain(e.expression) && (ts.isStringLiteralLike(e.argumentExpression) || ts.isNumericLiteral(e.argumentExpression));
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) return readsAgain(e.expression);
  if (ts.isPrefixUnaryExpression(e)) return [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken].includes(e.operator) && readsAgain(e.operand);
  if (ts.isConditionalExpression(e)) return [e.condition, e.whenTrue, e.whenFalse].every(readsAgain);
  if (!ts.isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  return !(op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) && op !== ts.SyntaxKind.CommaToken && readsAgain(e.left) && readsAgain(e.right);
}

/** The innermost node of the file that holds `pos`. */
function nodeAt(sf: ts.SourceFile, pos: number): ts.Node {
  let n: ts.Node = sf;
  for (let inner: ts.Node | undefined = n; inner; ) {
    n = inner;
    inner = ts.forEachChild(n, (c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
  }
  return n;
}

/** The function whose `this` code at `n` reads (an arrow function's is its parent's). */
function thisOwner(n: ts.Node): ts.Node | undefined {
  for (let x = n.parent; x; x = x.parent) if ((ts.isFunctionLike(x) && !ts.isArrowFunction(x)) || ts.isClassStaticBlockDeclaration(x)) return x;
  return undefined;
}

/**
 * Whether `e` means at `pos` what it means where it is written: each name is the same binding there, declared
 * before it and not written again (a parameter, or a variable nothing reassigns), and `this` is the same.
 */
function meansSameAt(e: ts.Expression, pos: number, file: FileCtx): boolean {
  const at = nodeAt(file.sf, pos);
  let same = true;
  walk(e, (n) => {
    if (!same) return false;
    if (n.kind === ts.SyntaxKind.ThisKeyword) same = thisOwner(n) === thisOwner(at);
    else if (ts.isIdentifier(n) && !isPropertyName(n)) {
      const b = file.resolver.resolve(n);
      same = !!b && file.resolver.lookup(n.text, at) === b && (b.kind === 'param' || (b.kind === 'var' && !reassigned(b, file) && b.name.end <= pos));
    }
    return same;
  });
  return same;
}

/**
 * A fix sized by the code's own idle value (`phaseSettings`) where every edit is written in the options object that
 * reads it, or where it means the same and reads again to the same value; elsewhere (`remade`, with the configured
 * total) only offered: the configured total could cut a transfer the code means to let run longer.
 */
export function sizedByCode(f: Finding, s: PhaseSettings, file: FileCtx, remade: () => Finding): Finding {
  if (!s.idle) return f;
  const edits = [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? []).map((x) => x.fix)];
  const holder = s.idle.expr.parent;
  const literal = ts.isPropertyAssignment(holder) && holder.initializer === s.idle.expr ? holder.parent : undefined;
  const inLiteral = (x: Fix) => !!literal && x.range[0] > literal.getStart(file.sf) && x.range[1] < literal.end;
  if (edits.length && readsAgain(s.idle.expr) && edits.every((x) => inLiteral(x) || meansSameAt(s.idle!.expr, x.range[0], file))) return f;
  const other = remade();
  if (!other.fix) return other;
  const desc = `Bound the request with a total no shorter than its \`${s.idle.option}\` (${s.idle.expr.getText(file.sf)}): a shorter one cuts a transfer that value lets run`;
  const { fix, ...rest } = other;
  return { ...rest, suggestions: [{ desc, fix }, ...(other.suggestions ?? [])] };
}
