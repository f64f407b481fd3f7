// Options objects: a literal's keys, spreads, merges, and the keys either of two branches gives.
import { ts } from './typescript';
import { callerOptions } from './callers';
import { clientsOf, isDataExport } from './catalogue';
import type { FileCtx } from './file';
import { standInSignal } from './controller';
import { oneClient } from './one-client';
import { staticName, unwrap } from './parse';
import { type Env, type Prop, type Val, UNDEFINED, UNKNOWN, evaluate } from './values';
import { writtenOnto } from './writes';

/** A value that spreads nothing, and stands for no options: `undefined`, `null`, `false`, `''`, `0`. */
function isNothing(v: Val): boolean {
  return v.kind === 'lit' && !v.value;
}

/**
 * The options either of two objects (or nothing) gives, for a code path that may take either. A key a branch
 * writes has a value the analysis does not pin down (counts as set): a timeout on one path may be the one the
 * code wants there, and a fix of one branch's value would leave the other's. What no branch writes is known to
 * be missing: `{ ...(token ? { headers } : {}) }` holds no timeout.
 */
export function meet(a: Val, b: Val): Val {
  const objects = [a, b].filter((v): v is Extract<Val, { kind: 'object' }> => v.kind === 'object');
  if (!objects.length || [a, b].some((v) => v.kind !== 'object' && !isNothing(v))) return UNKNOWN;
  const props = new Map<string, Prop>();
  for (const o of objects) for (const [k, p] of o.props) props.set(k, { ...p, value: UNKNOWN });
  return { kind: 'object', props, open: objects.some((o) => o.open) };
}

/** `cond && { headers }`: the object, or a falsy value that spreads nothing. */
export function objectOrNothing(e: ts.BinaryExpression, file: FileCtx, depth: number, env?: Env): Val {
  const right = evaluate(e.right, file, depth + 1, env);
  return right.kind === 'object' ? meet(UNDEFINED, right) : UNKNOWN;
}

/**
 * `isHttps ? https : http`: both branches name the same client call, so either stands for the value; two
 * objects (or nothing) give the keys either writes (`meet`).
 */
export function either(e: ts.ConditionalExpression, file: FileCtx, depth: number, env?: Env): Val {
  const a = evaluate(e.whenTrue, file, depth + 1, env);
  const b = evaluate(e.whenFalse, file, depth + 1, env);
  if (a.kind === 'instance' && b.kind === 'instance') return oneConnection(a, b) ?? UNKNOWN;
  // `ext ? ext : new AbortController()`: the controller made here, where none is given (standsIn, controller.ts).
  if ((a.kind === 'controller' && b.kind === 'unknown') || (b.kind === 'controller' && a.kind === 'unknown')) return a.kind === 'controller' ? a : b;
  const signal = b.kind === 'unknown' ? standInSignal(a, e.whenTrue, e.condition, true) : a.kind === 'unknown' ? standInSignal(b, e.whenFalse, e.condition, false) : undefined;
  if (signal) return signal;
  // `devel ? mockFetch : fetch`: where the other branch is no client the analysis knows, the client runs whenever
  // its branch is taken, and sends the request with these options.
  if (isClient(a) !== isClient(b) && a.kind !== 'object' && b.kind !== 'object') return isClient(a) ? a : b;
  if (a.kind !== 'ref' || b.kind !== 'ref') return meet(a, b);
  return oneClient([a, b]) ?? UNKNOWN;
}

/** A client, or an instance of one, as a whole (`fetch`, `axios`, `https`, `api`); not a part of one. */
function isClient(v: Val): boolean {
  return (v.kind === 'instance' && !v.path.length) || (v.kind === 'ref' && clientsOf(v.base, v.path).length > 0);
}

/**
 * `useBackend ? new HttpClient(inject(HttpBackend)) : inject(HttpClient)`: two instances of one client that hold
 * no request options (`perRequest`: each request is judged by what it sets) are the same to the requests made on
 * either. The one known by its type, which any default in the file may reach, stands for both.
 */
function oneConnection(a: Extract<Val, { kind: 'instance' }>, b: Extract<Val, { kind: 'instance' }>): Val | undefined {
  if (a.path.length || b.path.length || a.inst.spec !== b.inst.spec || a.inst.root !== b.inst.root) return undefined;
  if (!a.inst.shape.perRequest || !b.inst.shape.perRequest) return undefined;
  return b.inst.typed && !a.inst.typed ? b : a;
}

/** The object a literal makes; with `from`/`to`, the one its properties in that range make (no longer the literal). */
export function objectOf(e: ts.ObjectLiteralExpression, file: FileCtx, depth: number, env?: Env, from = 0, to = e.properties.length): Val {
  const props = new Map<string, Prop>();
  let open = false;
  for (const p of e.properties.slice(from, to)) {
    if (ts.isSpreadAssignment(p)) {
      // `{ ...init, headers }`: a spread parameter passes what the calls of this file show, as `init` whole does.
      const seen = evaluate(p.expression, file, depth + 1, env);
      const v = seen.kind === 'unknown' ? callerOptions(p.expression, file, env) ?? seen : withWritten(p.expression, seen, file);
      if (isDataExport(v)) continue;
      if (v.kind === 'object') {
        for (const [k, q] of v.props) props.set(k, q);
        open ||= v.open;
      } else if (!(v.kind === 'lit' && (v.value === undefined || v.value === null))) {
        open = true;
      }
      continue;
    }
    const name = staticName(p.name);
    if (name === undefined) { open = true; continue; }
    if (ts.isPropertyAssignment(p)) props.set(name, { expr: p.initializer, node: p, file, env });
    else if (ts.isShorthandPropertyAssignment(p)) props.set(name, { expr: p.name, node: p, file, env });
    else props.delete(name);
  }
  const whole = from === 0 && to === e.properties.length;
  return whole ? { kind: 'object', props, open, literal: e } : { kind: 'object', props, open };
}

/**
 * `const o = { method }; o.signal = …; fetch(url, { ...o, keepalive: true })`: a spread name copies what the file
 * writes onto it too, as passing `o` whole does.
 */
function withWritten(x: ts.Expression, v: Val, file: FileCtx): Val {
  const written = v.kind === 'object' && ts.isIdentifier(unwrap(x)) ? writtenOnto(x, file) : undefined;
  return written ? merge([v, written]) : v;
}

/** Merges objects left to right, as `Object.assign` and spread do. */
export function merge(values: readonly Val[]): Val {
  const props = new Map<string, Prop>();
  let open = false;
  for (const v of values) {
    if (v.kind === 'object') {
      for (const [k, q] of v.props) props.set(k, q);
      open ||= v.open;
    } else if (!(v.kind === 'lit' && (v.value === undefined || v.value === null))) {
      open = true;
    }
  }
  return { kind: 'object', props, open };
}
