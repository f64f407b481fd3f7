import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BoundSpec, ClientSpec, HandleSpec, JsCallShape, JsClientSpec, Literal } from '../catalogue/define-client';
import type { OptionsClientSpec } from '../catalogue/php-specs';
import { CLIENTS } from '../../rules/index';
import { DOC_MARKERS, README_MARKERS, replaceBlock } from './markdown';
import { findRoot } from './root';

/** Fields every kind has, rendered below; a kind's own fields get a renderer or are shown as they are. */
const COMMON = ['id', 'language', 'client', 'summary', 'mentions', 'total', 'connect', 'libraryDefault', 'iniBound', 'fix', 'special'];
const JS_FIELDS = ['roots', 'readyCallbacks', 'calls', 'instances', 'listed', 'defaults', 'setup', 'interceptors', 'interceptorHook', 'idle', 'ignored', 'unchecked', 'cancellers', 'handle', 'connectDefault', 'types', 'injectors', 'pipe', 'requestClasses', 'wrappers', 'inProcess', 'inProcessFiles', 'response', 'controllerClasses', 'streamedOn', 'untimedSignals', 'dispatcher', 'requestListener'];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(value: unknown): string {
  return '`' + (typeof value === 'string' ? value : JSON.stringify(value)) + '`';
}

function literals(values: readonly Literal[]): string {
  return values.map((v) => code(typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
}

function options(bound: BoundSpec): string {
  if (!bound.options.length) return 'none';
  return bound.options.map((o) => `${code(o.name)} (${o.unit === 's' ? 'seconds' : 'ms'}${o.ignoredWith ? `; skipped when ${code(o.ignoredWith)} is passed` : ''})`).join(', ');
}

/**
 * The spec's total options, then those a call shape adds (node-fetch v2's `timeout`, RTK Query's), with the versions
 * that read them; one no version qualifies is said of the shapes that read it, as the Fix row names them
 * (octokit's legacy `timeout`: for `OctokitRestLegacy()`).
 */
function totalCell(spec: ClientSpec): string {
  const shapes: JsCallShape[] = 'roots' in spec ? [...spec.calls, ...(spec.instances ?? [])] : [];
  const added = new Map<string, string[]>();
  for (const s of shapes) {
    for (const o of s.total ?? []) {
      const before = s.totalBefore ? `; ${s.totalBefore.module} before ${s.totalBefore.major}` : '';
      const since = s.totalSince ? `; ${s.totalSince.module} ${s.totalSince.version.join('.')} on` : '';
      const key = `${code(o.name)} (${o.unit === 's' ? 'seconds' : 'ms'}${before}${since}`;
      const by = added.get(key) ?? [];
      if (!before && !since) by.push(callee(s));
      added.set(key, by);
    }
  }
  const own = spec.total.options.length ? [options(spec.total)] : [];
  const labelled = [...added].map(([key, by]) => `${key}${by.length ? `; for ${[...new Set(by)].join(', ')}` : ''})`);
  return [...own, ...labelled].join(', ') || 'none';
}

function list(values: readonly string[]): string {
  return values.map(code).join(', ');
}

function handleRows(h: HandleSpec): [string, string][] {
  const rows: [string, string][] = [['Handle created by', list(h.create)]];
  if (h.copy.length) rows.push(['Copied, options kept, by', list(h.copy)]);
  if (h.reset.length) rows.push(['Options cleared by', list(h.reset)]);
  rows.push(['Options set by', list([...h.setOption, ...h.setOptions])]);
  rows.push(['Run by', h.execute.map((e) => code(e.fn) + (e.sentBy?.length ? ` (sent by the next ${list(e.sentBy)})` : '')).join(', ')]);
  return rows;
}

function callee(shape: JsCallShape): string {
  const parts = shape.callee.map((p) => (typeof p === 'string' ? p : `{${p.join(',')}}`));
  const made = code(`${shape.construct ? 'new ' : ''}${parts.join('.')}()`);
  if (shape.optionsKey) return `${made} (options under ${code(shape.optionsKey)})`;
  if (shape.keyedArg) return `${made} (and ${code(shape.keyedArg.key)} of argument ${shape.keyedArg.index + 1}, under them)`;
  if (!shape.optionsFactory) return made;
  const cls = shape.optionsClass ? `, or by ${code(`${shape.optionsClass.method}()`)} of ${shape.optionsClass.keys.map(code).join(' or ')}` : '';
  return `${made} (options returned by ${code(shape.optionsFactory)}${cls})`;
}

function jsRows(spec: JsClientSpec): [string, string][] {
  const roots = Object.entries(spec.roots).map(([name, entries]) => {
    const from = entries.map((e) =>
      e.global ? `global ${code(e.global)}`
        : e.argumentOf ? `${code(`${e.argumentOf}({ ${e.export} })`)}`
        : e.argumentOfEach ? `${code(`${e.argumentOfEach} = { name({ ${e.export} }) }`)}`
        : e.argumentOfCall ? `${code(`${e.argumentOfCall}((event) => event.${e.export})`)}`
        : `${code(e.module)}${e.export ? ` export ${code(e.export)}` : ''}`,
    );
    const passed = spec.readyCallbacks ? `, and as the first parameter of ${code(`${name}(fn)`)} and ${code(`.ready(fn)`)}` : '';
    return `${code(name)} from ${from.join(' or ')}${passed}`;
  });
  const rows: [string, string][] = [['Imports', roots.join('; ')], ['Calls', spec.calls.filter((s) => !s.inert).map(callee).join(', ')]];
  const inert = spec.calls.filter((s) => s.inert);
  if (inert.length) rows.push(['Calls not checked (a use of the instance)', inert.map((s) => `${callee(s)}: ${s.inert}`).join('; ')]);
  const heard = spec.requestListener;
  if (heard) {
    const by = `${code(`.on('${heard.event}', fn)`)} on an instance, and ${list(heard.options)} in the options`;
    const ends = heard.aborts.map((a) => code(`${a}()`)).join(' or ');
    rows.push(['Listeners handed the request', `${by}: ${code(`req.${heard.method}(ms, cb)`)} there, ended by ${ends} in ${code('cb')} or a ${code(`'${heard.emits}'`)} listener, sets ${code(heard.option)}`]);
  }
  if (spec.instances?.length) rows.push(['Instances', spec.instances.map(callee).join(', ')]);
  if (spec.inProcess) {
    const within = spec.inProcess.within.map((w) => code(`${w}(…)`)).join(', ');
    rows.push(['In process (not checked)', `a path URL (${code(`'/…'`)}) given ${code(spec.inProcess.global)} in a function handed to ${within}`]);
  }
  if (spec.inProcessFiles) {
    const from = spec.inProcessFiles.argumentOf.map(code).join(', ');
    rows.push(['In process on the server (not checked)', `a URL with no scheme given the fetch of ${from} in a module named ${spec.inProcessFiles.named.split(', ').map(code).join(', ')}`]);
  }
  if (spec.wrappers?.length) rows.push(['Wrappers (the client given first, called as given)', spec.wrappers.map((e) => `${code(`require('${e.module}')${e.export ? `.${e.export}` : ''}(client)`)}`).join(', ')]);
  if (spec.listed?.length) {
    rows.push(['Instances made with no options', spec.listed.map((l) => `${code(l.root)} listed in ${code(`${l.key}: […]`)}, fixed as ${code(`${l.root}.${l.factory}({…})`)}`).join('; ')]);
  }
  if (spec.types?.length) rows.push(['Instance types', spec.types.map((t) => `${t.names.map(code).join(', ')} from ${code(t.module)}`).join('; ')]);
  if (spec.injectors?.length) rows.push(['Instances handed out by', spec.injectors.map((e) => `${code(`${e.export}(${spec.types?.[0]?.names[0] ?? ''})`)} from ${code(e.module)}`).join(', ')]);
  if (spec.pipe) {
    const ops = spec.pipe.operators.map((o) => `${code(`.${spec.pipe!.method}(${o.export}(…))`)} from ${code(o.module)}`);
    rows.push(['Bounded by piping', `${ops.join(', ')}: counts as ${code(spec.pipe.option)}`]);
  }
  if (spec.requestClasses?.length) {
    const made = spec.requestClasses.map((c) => `${code(`new ${c.class.export}()`)} from ${code(c.class.module)}: its init, argument ${c.init + 1} (${c.init} for ${list(c.bodyless)})`);
    rows.push(['Request objects (read as their options)', made.join('; ')]);
  }
  if (spec.defaults?.length) rows.push(['Defaults objects', spec.defaults.map((p) => code(p.join('.'))).join(', ')]);
  if (spec.setup?.length) rows.push(['Defaults calls', spec.setup.map((p) => code(`${p.join('.')}()`)).join(', ')]);
  if (spec.interceptors?.length) {
    const uses = spec.interceptors.map((p) => code(`${p.join('.')}.use()`)).join(', ');
    const hook = spec.interceptorHook ? ` (objects whose ${code(spec.interceptorHook)} may give back a new Request: bounded only by one made with a signal)` : '';
    rows.push(['Interceptors', uses + hook]);
  }
  if (spec.idle?.length) rows.push(['Idle-only options (not a total bound)', spec.idle.map((o) => `${code(o.name)} (${o.unit})`).join(', ')]);
  if (spec.ignored?.length) rows.push(['Ignored options', spec.ignored.map((o) => `${code(o.name)}: ${o.note}`).join('; ')]);
  if (spec.cancellers?.length) {
    rows.push(['Cancellers (bound a request only where a timer calls them)', spec.cancellers.map((c) => `${code(`${c.path.join('.')}()`)}: ${code(c.signal)} is passed, ${code(`${c.abort}()`)} cancels`).join('; ')]);
  }
  if (spec.controllerClasses?.length) {
    const classes = spec.controllerClasses.map((c) => (c.export ? `${code(c.module)} export ${code(c.export)}` : code(c.module)));
    rows.push(['AbortController classes (bound only where a timer aborts them; a fix combining their signal is only offered)', classes.join(', ')]);
  }
  if (spec.streamedOn) {
    const made = spec.streamedOn.classes.map((c) => (c.global ? code(`new ${c.global}(res.body)`) : `${code(`new ${c.export}(res.body)`)} from ${code(c.module)}`));
    const { names, files } = spec.streamedOn.handlers;
    const sent = `${made.join(', ')} handed on; a response a server's handler, or an exported ${list(names)} in ${list(files.map((f) => f.named))}, returns as it is`;
    rows.push(['Sent on to the client as it arrives (a total only offered)', sent]);
  }
  if (spec.untimedSignals?.length) {
    const params = (s: { param: number }) => [...Array.from({ length: s.param }, (_, i) => `a${i + 1}`), '{ signal }'].join(', ');
    const where = spec.untimedSignals.map((s) => {
      const fn = 'key' in s ? code(`${s.key}: (${params(s)}) => …`) : `${code(`${s.export}(${Array.from({ length: s.argument }, () => '…').join(', ')}, (${params(s)}) => …)`)} from ${list(s.modules)}`;
      const timed = s.aborts ? `, bounded where a timer there calls its ${code(`${s.aborts}()`)}` : '';
      return `${fn}: until ${s.abortedWhen}${timed}`;
    });
    rows.push(['Signals only a cancel aborts (no bound)', where.join('; ')]);
  }
  if (spec.unchecked?.length) rows.push(['Not checked', spec.unchecked.map((o) => `${'absent' in o ? `${code(o.name)} not given` : code(`${o.name}: ${JSON.stringify(o.value)}`)}: ${o.note}`).join('; ')]);
  const later = [
    ...(spec.handle?.methods ?? []).map((m) => `${code(`.${m.name}()`)} sets ${code(m.option)}`),
    ...(spec.handle?.properties ?? []).map((p) => code(`.${p} =`)),
  ];
  if (later.length) rows.push(['Set on the request object', later.join(', ')]);
  if (spec.response) {
    const read = `read off the headers: ${list(spec.response.headerMembers)}; any other use may read the body, which a timer cleared as the request settles leaves unbounded`;
    rows.push(['Settles with the response once the headers arrive', read]);
  }
  if (spec.connectDefault) rows.push(['Library connect default', spec.connectDefault]);
  return rows;
}

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isBound(value: unknown): value is BoundSpec {
  return typeof value === 'object' && value !== null && Array.isArray((value as BoundSpec).options);
}

/** A value written out without JSON's quotes: `{fn: fopen, url: 0}`. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${inline(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** A call shape as PHP or JS writes it: `fopen()`, `->get()`, `new Client`, `Http::get()`. */
function callName(v: Record<string, unknown>): string | null {
  if (typeof v.fn === 'string') return `${v.fn}(${typeof v.firstArg === 'string' ? `'${v.firstArg}'` : ''})`;
  if (typeof v.new === 'string') return `new ${v.new}`;
  if (Array.isArray(v.static)) return `${String(v.static[0])}::${String(v.static[1])}(${typeof v.firstArg === 'string' ? `'${v.firstArg}'` : ''})`;
  if (typeof v.method === 'string') return `${typeof v.cls === 'string' ? v.cls : ''}->${v.method}(${typeof v.firstArg === 'string' ? `'${v.firstArg}'` : ''})`;
  return null;
}

function item(v: unknown): string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return code(inline(v));
  const o = v as Record<string, unknown>;
  const name = callName(o);
  if (name) return code(name);
  const [key, why] = [o.key ?? o.name, o.why ?? o.note];
  if (typeof key === 'string' && typeof why === 'string') return `${code(key)}: ${why}`;
  return code(inline(v));
}

/** A readable cell for a kind-specific field the generator has no dedicated renderer for; null hides it. */
function generic(value: unknown): string | null {
  if (value === undefined || value === false) return null;
  if (isBound(value)) return options(value);
  if (Array.isArray(value)) return value.length ? [...new Set(value.map(item))].join(', ') : null;
  if (typeof value !== 'object' || value === null) return code(inline(value));
  const entries = Object.entries(value);
  if (!entries.length) return null;
  if (!entries.every(([, v]) => typeof v === 'string')) return code(inline(value));
  // A class whose constants are their keys' names (Guzzle's RequestOptions): the class once, then the keys.
  const classes = new Set(entries.map(([k]) => k.slice(0, k.lastIndexOf('::'))));
  if (entries.length > 3 && classes.size === 1 && entries.every(([k, v]) => k.endsWith(`::${v}`))) {
    return `${code(`${[...classes][0]}::NAME`)} is the key ${code('name')}: ${entries.map(([, v]) => code(String(v))).join(', ')}`;
  }
  return entries.map(([k, v]) => `${code(k)} → ${code(v)}`).join(', ');
}

function neverRow(spec: ClientSpec): string {
  const parts = [`total: ${spec.total.never.length ? literals(spec.total.never) : 'none'}`];
  if (spec.connect) parts.push(`connect: ${spec.connect.never.length ? literals(spec.connect.never) : 'none'}`);
  return parts.join('; ');
}

function unsetRow(spec: ClientSpec): string | null {
  const parts: string[] = [];
  if (spec.total.unset.length) parts.push(`total: ${literals(spec.total.unset)}`);
  if (spec.connect?.unset.length) parts.push(`connect: ${literals(spec.connect.unset)}`);
  return parts.length ? `${parts.join('; ')} (the library default, as if unset)` : null;
}

const NEGATIVE = { ignored: 'refused, the previous value stays', never: 'never times out' };

function valueQuirks(spec: ClientSpec): string | null {
  const quirks: string[] = [];
  const negatives = [
    { bound: 'total', what: spec.total.negative },
    { bound: 'connect', what: spec.connect?.negative },
  ].flatMap(({ bound, what }) => (what ? [{ bound, what }] : []));
  if (negatives.length === 2 && negatives[0]!.what === negatives[1]!.what) {
    quirks.push(`a negative value: ${NEGATIVE[negatives[0]!.what]}`);
  } else {
    for (const n of negatives) quirks.push(`a negative ${n.bound} value: ${NEGATIVE[n.what]}`);
  }
  if (spec.total.integerValues || spec.connect?.integerValues) quirks.push('fractions are cut: `0.5` reads as `0`');
  return quirks.length ? quirks.join('; ') : null;
}

function template(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(template).join(', ');
  if (v && typeof v === 'object' && 'path' in v && 'value' in v) return `${String(v.path)}: ${String(v.value)}`;
  // appendCall's `into`: the entry, written into the array an array setter is given.
  if (v && typeof v === 'object' && 'methods' in v && 'entry' in v) return `${String(v.entry)} in the array given to ${(v.methods as string[]).map((m) => `->${m}()`).join(', ')}`;
  return JSON.stringify(v);
}

function fixRow(fix: ClientSpec['fix']): string {
  if (fix.kind === 'none') return `none: ${'remedy' in fix ? fix.remedy ?? '' : ''}`;
  const how = fix.level === 'fix' ? 'applied by `--fix`' : 'suggestion only, never applied by `--fix`';
  const templates = Object.entries(fix)
    .filter(([k, v]) => k !== 'kind' && k !== 'level' && v !== undefined)
    .map(([k, v]) => `${humanize(k).toLowerCase()} ${code(template(v))}`);
  return `${code(fix.kind)}, ${how}: ${templates.join('; ')}`;
}

/** The fixes of the shapes that have their own, after the spec's: `; for \`new X()\`: \`insertOption\`, …`. */
function shapeFixes(spec: ClientSpec): string {
  if (!('roots' in spec)) return '';
  const by = new Map<string, string[]>();
  for (const s of [...spec.calls, ...(spec.instances ?? [])]) if (s.fix) by.set(fixRow(s.fix), [...(by.get(fixRow(s.fix)) ?? []), callee(s)]);
  return [...by].map(([row, shapes]) => `; for ${shapes.join(', ')}: ${row}`).join('');
}

/** `add_filter('http_request_timeout', …)` returning the timeout; named callbacks with what they return. */
function filtersCell(filters: NonNullable<OptionsClientSpec['filters']>, option: string): string {
  const hooks = filters.hooks.map((h) => `${code(`${filters.fn ?? ''}('${h.name}', …)`)} returning ${h.returns === 'options' ? 'the options' : code(option)}`);
  const known = Object.entries(filters.known).map(([name, v]) => `${code(name)} returns ${literals([v])}`);
  const by = filters.handleHooks;
  const adders = by ? [...by.fns.map((f) => `${f}()`), ...(by.registers ? [`->${by.registers.method}()`] : [])] : [];
  const handle = by ? [`${list(adders)} of ${list(by.hooks.map((h) => `'${h}'`))} writing ${list(by.options.map((o) => o.name))} on the handle`] : [];
  return [...hooks, ...known, ...handle].join('; ');
}

/** `'handler'` from `GuzzleHttp\HandlerStack::create()`; middleware added by `->push()` … except the quiet classes'. */
function handlerStackCell(stack: NonNullable<OptionsClientSpec['handlerStack']>): string {
  const makes = stack.makes.map((m) => code(callName(m as Record<string, unknown>) ?? inline(m))).join(', ');
  const adds = list([...new Set(stack.add.map((a) => `->${a.method}()`))]);
  const quiet = [...stack.quiet.map((c) => `${c}::…()`), ...(stack.quietObjects ?? []).map((c) => `new ${c}`)];
  return `${code(stack.key)} from ${makes}; middleware added by ${adds} may set any option, except that of ${list(quiet)}`;
}

/** `'stream'` true, with no `'handler'` named: the connect option is not read. */
function connectUnreadCell(by: NonNullable<OptionsClientSpec['connectUnreadWith']>): string {
  return `${code(by.key)} true, with no ${code(by.unless)} named: the connect option is not read, the total bounds the connect`;
}

/** `'transport.curl'`: the curl options under that key, set after the client's own, decide the total. */
function curlOptionsCell(by: NonNullable<OptionsClientSpec['curlOptions']>): string {
  return `${options({ options: by.options, never: [], unset: [] })} under ${code(by.key)}, set after the client's own: they decide the total`;
}

/** `transport` names the transport; on CurlTransport (…) a key reads as `CURLOPT_` and the key upper-cased: `CURLOPT_TIMEOUT` (seconds) …. */
function transportKeysCell(by: NonNullable<OptionsClientSpec['transportKeys']>): string {
  const fold = { upper: 'upper-cased', underscore: 'with `_` before each capital after a letter, lower-cased' };
  const each = by.transports.map((t) => {
    const which = `${t.label} (${list(t.values)}${t.byDefault ? ', the default' : ''})`;
    const coded = t.options.some((o) => o.code !== undefined) ? ', or an integer key of its code' : '';
    return `on ${which} a key reads as ${t.prefix ? `${code(t.prefix)} and ` : ''}the key ${fold[t.fold]}: ${options({ options: t.options, never: [], unset: [] })}${coded}`;
  });
  return `${code(by.key)} names the transport; ${each.join('; ')}`;
}

/** The header table of one rule doc, rendered from its spec. */
export function renderHeader(spec: ClientSpec): string {
  const rows: [string, string][] = [['Client', `${spec.client}: ${spec.summary}`]];
  const shown = new Set(COMMON);
  if (spec.special === 'curl-handle') {
    rows.push(...handleRows(spec.handle));
    shown.add('handle');
  } else if ('roots' in spec) {
    rows.push(...jsRows(spec));
    for (const key of JS_FIELDS) shown.add(key);
  }
  for (const [key, value] of Object.entries(spec)) {
    const text = shown.has(key) ? null
      : key === 'filters' ? filtersCell(value as NonNullable<OptionsClientSpec['filters']>, spec.total.options[0]!.name)
      : key === 'handlerStack' ? handlerStackCell(value as NonNullable<OptionsClientSpec['handlerStack']>)
      : key === 'connectUnreadWith' ? connectUnreadCell(value as NonNullable<OptionsClientSpec['connectUnreadWith']>)
      : key === 'curlOptions' ? curlOptionsCell(value as NonNullable<OptionsClientSpec['curlOptions']>)
      : key === 'transportKeys' ? transportKeysCell(value as NonNullable<OptionsClientSpec['transportKeys']>)
      : key === 'factories' ? (value as NonNullable<OptionsClientSpec['factories']>).map((f) => code(`${f.type}->${f.method}()`)).join(', ')
      : generic(value);
    if (text !== null) rows.push([humanize(key), text]);
  }
  rows.push(['Total timeout', totalCell(spec)]);
  rows.push(['Connect timeout', spec.connect ? options(spec.connect) : 'none (no separate connect option)']);
  const def = spec.libraryDefault;
  const ini = 'iniBound' in spec && spec.iniBound ? `none in the code; php.ini's ${code(spec.iniBound)} bounds each wait for data, which does not count (the deployment sets it)` : undefined;
  const by = 'totalNeverWith' in spec && spec.totalNeverWith?.missingToo ? spec.totalNeverWith : null;
  const none = by ? `none where \`${by.key}\` is ${by.values.map(code).join(' or ')}; any other reads a finite default of its own` : ini ?? 'none: no bound unless the code sets one';
  const since = def?.since ? `; none before major ${def.since.major} of ${def.since.packages.map(code).join(' or ')} in the nearest composer.lock or composer.json (${def.since.before})` : '';
  rows.push(['Library default', def ? `total: ${def.total}${since}` : none]);
  rows.push(['"Never" values', neverRow(spec)]);
  const unset = unsetRow(spec);
  if (unset) rows.push(['Default-restoring values', unset]);
  const quirks = valueQuirks(spec);
  if (quirks) rows.push(['Other values', quirks]);
  rows.push(['Fix', fixRow(spec.fix) + shapeFixes(spec)]);
  return [`| Rule | ${code(spec.id)} |`, '|---|---|', ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`)].join('\n');
}

/** The README table of every client, each rule id linked to its doc. */
export function renderClientsTable(specs: readonly ClientSpec[]): string {
  const sorted = [...specs].sort((a, b) => a.id.localeCompare(b.id));
  const rows = sorted.map((s) => `| [${s.id}](rules/${s.id}.md) | ${cell(s.client)} | ${cell(s.summary)} |`);
  return ['| Rule | Client | What it checks |', '|---|---|---|', ...rows].join('\n');
}

export interface DocPlan {
  /** Path relative to the repo root. */
  file: string;
  actual: string | null;
  expected: string | null;
  /** Why the file cannot be generated (missing file or markers). */
  error?: string;
}

function plan(root: string, file: string, markers: typeof DOC_MARKERS, body: string): DocPlan {
  const full = path.join(root, file);
  if (!fs.existsSync(full)) return { file, actual: null, expected: null, error: `${file} is missing` };
  const actual = fs.readFileSync(full, 'utf8');
  const expected = replaceBlock(actual, markers, body);
  if (expected === null) return { file, actual, expected, error: `${file} has no "${markers.begin}" … "${markers.end}" block` };
  return { file, actual, expected };
}

/** What every generated file should hold; `actual !== expected` is drift. */
export function planDocs(root: string, specs: readonly ClientSpec[]): DocPlan[] {
  const docs = specs.map((s) => plan(root, `rules/${s.id}.md`, DOC_MARKERS, renderHeader(s)));
  return [...docs, plan(root, 'README.md', README_MARKERS, renderClientsTable(specs))];
}

/** `gen-docs [--check]`: writes the generated blocks, or with --check exits 1 naming each file that drifted. */
export function main(argv: readonly string[], root = findRoot(__dirname)): number {
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length) {
    process.stderr.write(`gen-docs: unknown argument ${unknown[0]}; usage: gen-docs [--check]\n`);
    return 2;
  }
  const check = argv.includes('--check');
  let status = 0;
  for (const p of planDocs(root, CLIENTS)) {
    if (p.error) {
      process.stderr.write(`gen-docs: ${p.error}\n`);
      status = 1;
    } else if (p.actual !== p.expected) {
      if (check) {
        process.stderr.write(`gen-docs: ${p.file} is out of date; run npm run docs\n`);
        status = 1;
      } else {
        fs.writeFileSync(path.join(root, p.file), p.expected!);
        process.stdout.write(`wrote ${p.file}\n`);
      }
    }
  }
  return status;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
