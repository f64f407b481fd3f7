// Fixes that add the missing options at a request or at the call that creates an instance.
import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import type { EngineSettings, Finding, Fix } from '../../model/finding';
import type { Call, Request } from './detect';
import type { Verdict } from './evaluate';
import type { FileCtx } from './file';
import { type Entry, type SpreadHolds, entriesText, insertArgument, insertOption, moveUnderKey, objectText, replaceNode } from './fix';
import { incomingRequest } from './incoming';
import { unwrap } from './parse';
import { specialFix, specialKeysTarget } from './special/index';
import { streamedBody } from './streamed';
import { evaluate } from './values';
import { functionOf } from './walk';

/** What a suggestion adds where a total is only offered (`streamedBody`). */
export const STREAMED = 'the request streams its response or uploads a file or form, and this also ends a transfer that takes longer; size it for the longest one';

/** Where a fix goes: a request, or (`instance`) the call that creates an instance, made once for many requests. */
export type Site = { node: Call; options: Request['options']; shape: Request['shape']; instance?: boolean };

export function render(template: string, s: EngineSettings): string {
  // JS clients take milliseconds (http-clients.md, "Units").
  return template
    .replace(/\{\{totalMs\}\}/g, String(Math.round(s.totalTimeout * 1000)))
    .replace(/\{\{connectMs\}\}/g, String(Math.round(s.connectTimeout * 1000)));
}

export function entriesFor(spec: JsClientSpec, v: Verdict, settings: EngineSettings): Entry[] {
  const { total, connect } = spec.fix;
  const out: Entry[] = [];
  if (v.messageId !== 'missingConnectTimeout') {
    for (const e of [...(spec.fix.also ?? []), total]) out.push({ path: e.path.split('.'), value: render(e.value, settings) });
  }
  if (connect && spec.connect && v.connect.state === 'absent' && v.messageId !== 'missingTotalTimeout') {
    out.push({ path: connect.path.split('.'), value: render(connect.value, settings) });
  }
  return out;
}

/**
 * What a spread in an options literal may bring: a parameter (or a part of one destructured from it) is the
 * caller's options whatever its default (`config = {}`), so a new key goes before it; a known object decides by its keys.
 */
export function spreadHolds(file: FileCtx): SpreadHolds {
  return (spread, key) => {
    const v = evaluate(spread, file);
    if (v.kind === 'object' && v.props.has(key)) return 'yes';
    const e = unwrap(spread);
    const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
    if (b?.kind === 'param') return 'maybe';
    // `const { headers, ...rest } = options`: a part of a parameter is the caller's too.
    const from = b?.kind === 'var' && b.path.length && b.init ? unwrap(b.init) : undefined;
    if (from && ts.isIdentifier(from) && file.resolver.resolve(from)?.kind === 'param') return 'maybe';
    if (v.kind === 'lit' && (v.value === undefined || v.value === null)) return 'no';
    return v.kind === 'object' && !v.open ? 'no' : 'maybe';
  };
}

/** A value made by a call (`AbortSignal.timeout(ms)`) written into a literal outside the request's function is made once. */
function madeOnce(entries: readonly Entry[], literal: ts.Node, site: Site): boolean {
  return entries.some((e) => e.value.includes('(')) && functionOf(literal) !== functionOf(site.node);
}

/** `init` naming a whole parameter of the function it is in (not a destructured part of one). */
function wholeParameter(node: ts.Expression, file: FileCtx): boolean {
  const e = unwrap(node);
  const b = ts.isIdentifier(e) ? file.resolver.resolve(e) : undefined;
  return b?.kind === 'param' && !b.path.length && !b.param.dotDotDotToken;
}

/**
 * `fetch(event.request)`, `fetch(request)` with `request: Request`: a signal in the init replaces the Request's
 * own (a client's disconnect would no longer abort the upstream call), so the fix's signal keeps it with
 * `AbortSignal.any`.
 */
function keepRequestSignal(call: ts.CallExpression | ts.NewExpression, at: number, entries: Entry[], file: FileCtx): Entry[] {
  const input = call.arguments?.[at] && unwrap(call.arguments[at]);
  if (!input || !entries.some((e) => e.path.length === 1 && e.path[0] === 'signal')) return entries;
  if (!incomingRequest(input, file)) return entries;
  const text = input.getText(file.sf);
  return entries.map((e) => (e.path.length === 1 && e.path[0] === 'signal' ? { ...e, value: `AbortSignal.any([${text}.signal, ${e.value}])` } : e));
}

/** A value written as one the client reads as "never" (`0`, `null`, `false`). */
export function neverLiteral(e: ts.Expression, file: FileCtx, spec: JsClientSpec): boolean {
  const v = evaluate(e, file);
  return v.kind === 'lit' && spec.total.never.some((n) => n === v.value);
}

/** The edit that adds the missing options at a call or an instance's creation. */
export function optionsFix(site: Site, entries: Entry[], file: FileCtx, spec: JsClientSpec, settings: EngineSettings): Pick<Finding, 'fix' | 'suggestions'> {
  const { sf } = file;
  const note = spec.fix.total.note ? ` (${spec.fix.total.note})` : '';
  let desc = `Add ${entries.map((e) => e.path.join('.')).join(' and ')}${note}`;
  const o = site.options;
  if (site.instance && entries.some((e) => e.value.includes('('))) return {};
  // The options sit under a key of the argument (`createFetch({ defaults })`): the entries are written there.
  const key = site.shape.optionsKey;
  if (key) entries = entries.map((e) => ({ ...e, path: [key, ...e.path] }));
  let fix: Fix | undefined;
  let level = spec.fix.level;
  if (spec.fix.kind !== 'insertOption' && !entries.some((e) => e.path.join('.') === spec.fix.total.path)) {
    // A chained call or a statement cannot set one key without the other, unless the special names keys that
    // already hold part of the bounds (superagent's `.timeout({ deadline })`).
    const keys = site.instance ? undefined : specialKeysTarget(spec, site.node);
    if (!keys) return {};
    fix = insertOption(sf, keys, entries, spreadHolds(file));
  } else if (spec.fix.kind !== 'insertOption') {
    const text = render(spec.fix.template ?? '', settings).replace('{{options}}', objectText(entries));
    const made = specialFix(spec, site.node, file, text);
    fix = made?.fix;
    desc = made?.desc ?? desc;
    level = made?.level ?? level;
  } else if (o.index === null) {
    const kept = keepRequestSignal(site.node, site.shape.urlArg ?? 0, entries, file);
    fix = site.shape.insertAt === null ? undefined : insertArgument(sf, site.node, site.shape.insertAt, objectText(kept));
  } else if (o.value.kind === 'object' && o.value.literal && o.node && o.value.literal === unwrap(o.node)) {
    // A timeout written beside `defaults` is moved under it, with the author's ms, rather than left there unread.
    const moved = key ? moveUnderKey(sf, o.value.literal, key, entries, (e) => !neverLiteral(e, file, spec)) : undefined;
    fix = moved ?? insertOption(sf, o.value.literal, entries, spreadHolds(file));
  } else if (o.node && wholeParameter(o.node, file)) {
    // `init` or `init = {}`: a caller's options, when passed, still win; the new keys go before their spread.
    fix = replaceNode(sf, o.node, `{ ${entriesText(entries).join(', ')}, ...${o.node.getText(sf)} }`);
  } else if (o.value.kind === 'object' && o.value.literal && o.value.literal.getSourceFile() === sf && !madeOnce(entries, o.value.literal, site)) {
    // STYLE 3.2: an options object built elsewhere is only a suggestion.
    fix = insertOption(sf, o.value.literal, entries, spreadHolds(file));
    level = 'suggestion';
  } else if (o.node) {
    fix = replaceNode(sf, o.node, `{ ...${o.node.getText(sf)}, ${objectText(entries).slice(2)}`);
    level = 'suggestion';
  }
  if (!fix) return {};
  // A total also ends a long download or event stream that is alive: there it is only offered, to be sized.
  if (spec.fix.total.endsBody && !site.instance && entries.some((e) => e.path.join('.') === spec.fix.total.path) && streamedBody(site.node, file)) {
    level = 'suggestion';
    desc += `: ${STREAMED}`;
  }
  const out: Pick<Finding, 'fix' | 'suggestions'> = level === 'fix' ? { fix } : { suggestions: [{ desc, fix }] };
  const alt = spec.fix.alternative;
  // A signal in an instance's options is made once, when the instance is: it fires once and then fails every request.
  if (alt && entries.length && !site.instance) {
    const altEntries = [{ path: alt.path.split('.'), value: alt.value.replace(/\{\{totalMs\}\}/g, entries[0]!.value) }];
    // The alternative is an option in the options object, whatever kind of fix the client's own is.
    const altSpec: JsClientSpec = { ...spec, fix: { kind: 'insertOption', total: alt, level: 'suggestion' } };
    const altFix = optionsFix(site, altEntries, file, altSpec, settings);
    out.suggestions = [...(out.suggestions ?? []), ...(altFix.suggestions ?? [])];
  }
  return out;
}
