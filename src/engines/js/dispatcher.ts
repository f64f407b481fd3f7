// A dispatcher the request's options name (`fetch(url, { dispatcher: new Agent({ headersTimeout: 600_000 }) })`):
// its idle bounds stop a silent server, never a body that drips (http-clients.md, undici). The message says so, and
// the fix's total is no shorter than the longest of them, as js/node-http's is no shorter than its idle `timeout`.
import { ts } from './typescript';
import type { JsClientSpec } from '../../catalogue/define-client';
import type { EngineSettings, Finding } from '../../model/finding';
import { calleeOf } from './callee';
import { type Request, instanceLayers } from './detect';
import { type Layer, lookup } from './evaluate';
import { type PhaseSettings, TIMER_MAX, simpleRead, timerMs } from './phase-note';
import { lineAt } from './walk';

/** One idle bound as the code sets it: ms (`set`: written, not the default), off (0), an expression, or unread. */
type Bound = { ms: number; set: boolean } | { off: true } | { expr: ts.Expression } | { unread: true };

export interface Dispatched {
  /** What waits, said in the message; none where neither bound can be read. */
  risk?: string;
  /** Settings the fix writes with: no total shorter than a bound the code writes. */
  settings: PhaseSettings;
  /** Why the fix is only offered: a bound turned off or unread, which no total can be sized by. */
  offered?: string;
}

type DispatcherSpec = NonNullable<JsClientSpec['dispatcher']>;

/** Whether the call is made through one of the roots that honour the dispatcher (Node's fetch, undici's). */
function honoured(r: Request, d: DispatcherSpec): boolean {
  const callee = calleeOf(r.call, r.file);
  if (callee?.kind !== 'ref') return false;
  const base = callee.base;
  return d.honouredBy.some((e) => (e.global !== undefined && 'global' in base ? base.global === e.global && !callee.path.length
    : e.module !== undefined && 'module' in base && base.module === e.module && callee.path.join('.') === (e.export ?? '')));
}

function boundOf(layers: readonly Layer[], name: string, d: DispatcherSpec, file: Request['file']): Bound {
  const { found } = lookup(layers, name);
  if (found === 'absent') return { ms: d.defaultMs, set: false };
  if (found === 'unknown') return { unread: true };
  const v = found.val;
  // undici client.js: `headersTimeout != null ? headersTimeout : 300e3`; a negative one throws.
  if (v.kind === 'lit' && (v.value === undefined || v.value === null)) return { ms: d.defaultMs, set: false };
  if (v.kind === 'lit' && typeof v.value === 'number') return v.value === 0 ? { off: true } : v.value > 0 ? { ms: v.value, set: true } : { unread: true };
  return found.prop && found.prop.file === file && !found.prop.value ? { expr: found.prop.expr } : { unread: true };
}

function said(b: Bound, name: string, file: Request['file']): string {
  if ('ms' in b) return b.ms % 1000 === 0 ? `${b.ms / 1000} s` : `${b.ms} ms`;
  return 'expr' in b ? `\`${b.expr.getText(file.sf)}\` ms` : `its ${name}`;
}

/**
 * The dispatcher a request of a root that honours it names, where the analysis sees it is one (an instance of a client
 * with these idle options): what its bounds stop, and how the fix is sized. Undefined for any other request.
 */
export function dispatched(r: Request, layers: readonly Layer[], settings: PhaseSettings): Dispatched | undefined {
  const d = r.spec.dispatcher;
  if (!d || !honoured(r, d)) return undefined;
  const { found } = lookup(layers, d.option);
  const inst = found !== 'absent' && found !== 'unknown' && found.val.kind === 'instance' && !found.val.path.length ? found.val.inst : undefined;
  const names = inst?.spec.idle?.map((o) => o.name) ?? [];
  if (!inst || !names.includes(d.headers) || !names.includes(d.body)) return undefined;
  const own = instanceLayers(inst);
  const [headers, body] = [d.headers, d.body].map((n) => boundOf(own, n, d, r.file)) as [Bound, Bound];
  const where = !inst.typed && inst.file === r.file ? ` (line ${lineAt(r.file.sf, inst.create.getStart(r.file.sf))})` : '';
  const off = [[d.headers, headers], [d.body, body]].filter(([, b]) => 'off' in (b as Bound)).map(([n]) => n as string);
  const unread = 'unread' in headers && 'unread' in body;
  const risk = off.length ? `its dispatcher${where} turns ${off.join(' and ')} off (0): a silent server can hold it open forever`
    : unread ? undefined
    : `its dispatcher${where} stops a silent server after ${said(headers, d.headers, r.file)} waiting for the headers and ${said(body, d.body, r.file)} between body chunks, but a body that drips can hold it open forever`;
  if (off.length || 'unread' in headers || 'unread' in body) {
    return { risk, settings, offered: off.length ? `its dispatcher turns ${off.join(' and ')} off, and a total cuts the waits it allows` : `check the total against its dispatcher's ${d.headers} and ${d.body}` };
  }
  // No total shorter than a bound the code writes: a longer wait the author allowed would be cut.
  const written = [headers, body].flatMap((b) => ('ms' in b && b.set ? [b.ms] : []));
  const total = timerMs(Math.max(settings.totalTimeout * 1000, ...written));
  const expr = [[d.headers, headers], [d.body, body]].find(([, b]) => 'expr' in (b as Bound)) as [string, { expr: ts.Expression }] | undefined;
  if (!expr) return { risk, settings: { ...settings, totalTimeout: total / 1000 } };
  const e = expr[1].expr;
  const text = simpleRead(e) ? e.getText(r.file.sf) : `(${e.getText(r.file.sf)})`;
  return { risk, settings: { ...settings, totalTimeout: total / 1000, totalMsText: `Math.min(Math.max(Math.ceil(${text} || 0), ${total}), ${TIMER_MAX})`, idle: { expr: e, option: expr[0] } } };
}

/** The finding with what its dispatcher bounds said, and its fix only offered where no total can be sized. */
export function withDispatcher(f: Finding, d: Dispatched): Finding {
  if (f.messageId !== 'missingTimeout') return f;
  const said = d.risk ? { ...f, data: { ...f.data, risk: d.risk } } : f;
  if (!d.offered || !said.fix) return said;
  const { fix, ...rest } = said;
  return { ...rest, suggestions: [{ desc: `Bound the request with a total (${d.offered})`, fix }, ...(said.suggestions ?? [])] };
}
