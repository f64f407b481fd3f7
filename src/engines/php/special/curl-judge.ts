import type { BoundSpec, CurlHandleSpec, TimeoutOption } from '../../../catalogue/define-client';
import { lineOf } from '../../../core/positions';
import { formatMessage } from '../../../model/messages';
import type { EngineSettings, Finding, Fix } from '../../../model/finding';
import type { MessageId } from '../../../model/message-ids';
import { insertEntries, insertStatementsAfter, mergeFixes } from '../../../fix/helpers';
import { numericValue, readBound, secondsOf, type BoundReading } from '../evaluate';
import type { PhpNode } from '../parse';
import { endOf, isLiteralInPlace, rangeOf, startOf } from '../parse';
import type { Execution, Handle, OptionWrite, Slot } from './curl-handle';

export interface JudgeContext {
  spec: CurlHandleSpec;
  text: string;
  starts: number[];
  settings: EngineSettings;
}

interface SlotState {
  reading: BoundReading;
  write: OptionWrite | null;
}

function slotState(writes: OptionWrite[], slot: Slot, bound: BoundSpec, opaque: boolean): SlotState {
  // libcurl: of TIMEOUT and TIMEOUT_MS, the one set last wins (http-clients.md [EXP]); a negative value that
  // curl_setopt() refuses leaves the one before it. With none before it, the refused one is where a fix goes.
  const all = writes.filter((w) => w.slot === slot);
  const write = all.filter((w) => !refused(w.value, bound)).pop() ?? all.pop() ?? null;
  const reading = write ? readBound(write.value, bound) : 'unset';
  // contract: options set where the analysis cannot see count as set.
  return { reading: reading === 'unset' && opaque ? 'set' : reading, write };
}

/**
 * A value the option refuses (`negative: 'ignored'`): curl_setopt() returns false and changes nothing. It reads an
 * integer, cutting a fraction first: `-0.5` is a 0 it takes.
 */
function refused(value: OptionWrite['value'], bound: BoundSpec): boolean {
  const n = bound.negative === 'ignored' && value.kind === 'lit' ? numericValue(value.value) : null;
  return n !== null && (bound.integerValues ? Math.trunc(n) : n) < 0;
}

/** The fix value of a bound in an option's unit; a fraction of a second needs the _MS option. */
function optionFor(bound: BoundSpec, seconds: number): { option: TimeoutOption; value: number } {
  const whole = Number.isInteger(seconds);
  const option = bound.options.find((o) => o.unit === (whole ? 's' : 'ms')) ?? bound.options[0]!;
  return { option, value: option.unit === 'ms' ? Math.round(seconds * 1000) : seconds };
}

type BoundSlot = 'total' | 'connect';

/**
 * A total timeout no longer than the connect timeout the config asks for: libcurl's CURLOPT_TIMEOUT covers the
 * whole transfer, resolving and connecting included, so a connect timeout of its own would stop nothing sooner.
 */
function boundsConnect(total: SlotState, ctx: JudgeContext): boolean {
  const w = total.write;
  const seconds = total.reading === 'set' && w ? secondsOf(w.value, w.option.unit) : null;
  return seconds !== null && seconds > 0 && seconds <= ctx.settings.connectTimeout;
}

function secondsFor(slot: BoundSlot, ctx: JudgeContext): number {
  return slot === 'total' ? ctx.settings.totalTimeout : ctx.settings.connectTimeout;
}

/**
 * Sets the missing bounds: a write that is there but reads as unset (CONNECTTIMEOUT 0) gets its literal
 * replaced, since a statement added before it would be overridden; the others are added.
 */
function missingFix(h: Handle, states: Record<BoundSlot, SlotState>, slots: BoundSlot[], ctx: JudgeContext): Fix | undefined {
  const fixes: Fix[] = [];
  const toAdd: BoundSlot[] = [];
  for (const slot of slots) {
    const write = states[slot].write;
    if (!write) toAdd.push(slot);
    else {
      const fix = replaceLiteral(write, secondsFor(slot, ctx));
      if (!fix) return undefined;
      fixes.push(fix);
    }
  }
  if (toAdd.length) {
    const fix = addOptions(h, toAdd, ctx);
    if (!fix) return undefined;
    fixes.push(fix);
  }
  return fixes.length ? mergeFixes(ctx.text, fixes) : undefined;
}

function addOptions(h: Handle, slots: BoundSlot[], ctx: JudgeContext): Fix | undefined {
  const { spec, text } = ctx;
  const pairs = slots.map((slot) => optionFor(spec[slot]!, secondsFor(slot, ctx)));
  const literal = h.arrayLiterals.find((a) => a.unit === h.unit && h.beforeRuns(a));
  if (literal) {
    const items = ((literal.array.items as (PhpNode | null)[]) ?? []).filter((i): i is PhpNode => !!i?.loc);
    const last = items.length ? endOf(items[items.length - 1]!) : null;
    const entries = pairs.map((p) => formatMessage(spec.fix.arrayEntry, { option: p.option.name, value: String(p.value) }));
    return insertEntries(text, startOf(literal.array), endOf(literal.array), last, entries);
  }
  if (!h.anchor) return undefined;
  const handle = text.slice(startOf(h.anchor.handle), endOf(h.anchor.handle));
  const statements = pairs.map((p) => formatMessage(spec.fix.statement, { handle, option: p.option.name, value: String(p.value) }));
  return insertStatementsAfter(text, startOf(h.anchor.statement), endOf(h.anchor.statement), statements);
}

function replaceLiteral(write: OptionWrite, seconds: number): Fix | undefined {
  const node = write.valueNode;
  // Only a literal written right there is replaced (or the fallback of `$cfg['timeout'] ?? 0`); a variable may be
  // used elsewhere too.
  if (!node || write.value.kind !== 'lit' || !write.value.node || !isLiteralInPlace(node, write.value.node)) return undefined;
  const value = write.option.unit === 'ms' ? Math.round(seconds * 1000) : Math.max(1, Math.round(seconds));
  return { range: rangeOf(write.value.node), text: String(value) };
}

/** The findings owed by one executed handle. */
/** Every idle option set above 0 (its last write), or set where the analysis cannot see. */
function idleBound(writes: OptionWrite[], spec: CurlHandleSpec, opaque: boolean): boolean {
  if (!spec.idle.length) return false;
  return spec.idle.every((o) => {
    const last = writes.filter((w) => w.slot === 'idle' && w.option.name === o.name).pop();
    if (!last) return opaque;
    if (last.value.kind !== 'lit') return true;
    const n = Number(last.value.value);
    return Number.isFinite(n) && n > 0;
  });
}

export function judgeHandle(h: Handle, ctx: JudgeContext): Finding[] {
  if (!h.executions.size) return [];
  const split = h.keptOutRuns();
  const out = split ? firstOfEach(split.flatMap(({ writes, run }) => judgeWrites(h, writes, ctx, undefined, run))) : judgeWrites(h, h.effectiveWrites(), ctx);
  // A handle made anew for each caller of a function is judged for each as well: the writes of all merged
  // let a caller that passes CURLOPT_TIMEOUT => 0 hide behind another that passes nothing.
  const owed = h.freshWrites()
    .sort((a, b) => startOf(a.run.node) - startOf(b.run.node))
    .flatMap(({ writes, opaque, run }) => judgeWrites(h, writes, ctx, opaque, run));
  for (const f of owed) {
    const same = out.find((o) => o.messageId === f.messageId && o.range[0] === f.range[0]);
    if (!same) out.push(f);
    // The request named is one that owes the finding, not the first one, whose caller may have set the bounds.
    else if (!owed.some((g) => g.messageId === same.messageId && g.range[0] === same.range[0] && g.data.where === same.data.where)) {
      same.data.where = f.data.where;
    }
  }
  // A path that lacks the connect bound only, beside one that lacks both: "no timeout" already asks for the
  // connect option, and its fix sets it for every path.
  return out.filter((f) => f.messageId !== 'missingConnectTimeout' || !out.some((o) => o.messageId === 'missingTimeout' && o.range[0] === f.range[0]));
}

/** One finding per message and place, naming the first request that owes it. */
function firstOfEach(found: Finding[]): Finding[] {
  return found.filter((f, i) => found.findIndex((g) => g.messageId === f.messageId && g.range[0] === f.range[0]) === i);
}

function judgeWrites(h: Handle, writes: OptionWrite[], ctx: JudgeContext, opaque = h.isOpaque(), run?: Execution): Finding[] {
  const { spec, text, starts } = ctx;
  const total = slotState(writes, 'total', spec.total, opaque);
  const connect = spec.connect ? slotState(writes, 'connect', spec.connect, opaque) : { reading: 'set' as const, write: null };
  const idle = idleBound(writes, spec, opaque);
  // contract: an idle bound alone is no error; the connect bound is still owed.
  if (idle && total.reading === 'unset') total.reading = 'set';
  const execs = [...h.executions.values()].sort((a, b) => startOf(a.node) - startOf(b.node));
  const named = run ?? execs[0]!;
  const base = {
    client: spec.client,
    where: ` (sent by ${named.fn}() on line ${lineOf(starts, startOf(named.node))})`,
    note: h.lost && (total.reading === 'unset' || connect.reading === 'unset') ? ` ${h.lost}.` : '',
  };
  const related = execs.map((e) => ({ range: rangeOf(e.node), note: `request sent here by ${e.fn}()` }));
  if (h.kind === 'reset') base.note += ' curl_reset() puts every option back to its default.';
  const out: Finding[] = [];
  const report = (messageId: MessageId, data: Record<string, string>, fix: Fix | undefined, extra = related) => {
    const finding: Finding = { ruleId: spec.id, messageId, range: rangeOf(h.site), data: { ...base, ...data }, related: extra };
    // A total would also end a streamed transfer that is alive: it is offered, to be sized, not written by --fix.
    if (fix && h.streams && messageId !== 'missingConnectTimeout') {
      const stalled = spec.idle.map((o) => o.name).join(' and ');
      finding.suggestions = [{ desc: `Set ${data.option}: ${h.streams} streams the body, and the total also ends a transfer that takes longer; size it for the longest one${stalled ? `, or stop only a stalled one with ${stalled}` : ''}`, fix }];
    } else if (fix) finding.fix = fix;
    out.push(finding);
  };
  const connectName = spec.connect?.options[0]?.name ?? '';
  const totalName = spec.total.options[0]!.name;
  if (total.reading === 'never' && total.write) {
    const w = total.write;
    const shown = w.valueNode ? text.slice(startOf(w.valueNode), endOf(w.valueNode)) : String((w.value as { value?: unknown }).value);
    const disabledAt = w.valueNode ? [{ range: rangeOf(w.valueNode), note: 'timeout disabled here' }] : [];
    report('disabledTimeout', { option: w.option.name, value: `${w.option.name} = ${shown}` }, replaceLiteral(w, ctx.settings.totalTimeout), [...disabledAt, ...related]);
  }
  const states = { total, connect };
  if (total.reading === 'unset' && connect.reading === 'unset') {
    report('missingTimeout', { option: `${connectName} and ${totalName}` }, missingFix(h, states, ['connect', 'total'], ctx));
  } else if (total.reading === 'unset') {
    report('missingTotalTimeout', { option: totalName }, missingFix(h, states, ['total'], ctx));
  } else if (connect.reading === 'unset' && !boundsConnect(total, ctx)) {
    report('missingConnectTimeout', { option: connectName }, missingFix(h, states, ['connect'], ctx));
  }
  return out;
}
