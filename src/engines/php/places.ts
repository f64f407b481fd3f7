import type { Literal } from '../../catalogue/define-client';
import { foldBinary } from './evaluate';
import type { Interpreter, KeptOutArm, Scope } from './interpreter';
import { identifierName } from './names';
import type { PhpNode } from './parse';
import { fileClass, parentClass, shortName, type ClassDecl } from './program';
import {
  lit, mayHold, normaliseKey, reordered, trackedIn, addArrays, UNKNOWN, type Arr, type ArrayEntry, type Value,
} from './values';

/** Where a value lives: a variable, `$this->x` ('p:x') or `self::$x` ('s:x') in their store. */
export interface Place {
  store: Map<string, Value>;
  key: string;
}

// Where each place was last assigned: the pass, the unit and the branch arms, to tell sequence from alternative.
const assignedIn = new WeakMap<Map<string, Value>, Map<string, { pass: number; at: string }>>();

// The kept-out arm the walk was in when it last assigned each place whole (Interpreter.keptOutFor).
const madeInArm = new WeakMap<Map<string, Value>, Map<string, object | null>>();

function noteMade(interp: Interpreter, store: Map<string, Value>, key: string): void {
  let arms = madeInArm.get(store);
  if (!arms) madeInArm.set(store, (arms = new Map()));
  arms.set(key, interp.keptOutArm());
}

function keysEqual(a: Literal, b: Literal): boolean {
  return normaliseKey(a) === normaliseKey(b);
}

function isOwnClass(node: PhpNode | undefined, cls: ClassDecl): boolean {
  if (!node) return false;
  if (node.kind === 'selfreference' || node.kind === 'staticreference') return true;
  return node.kind === 'name' && shortName(String(node.name)) === cls.name;
}

/** `$GLOBALS['name']`, with a string literal for the key: the name of the global variable it is. */
export function globalsName(node: PhpNode): string | null {
  if (node.kind !== 'offsetlookup') return null;
  const what = node.what as PhpNode | undefined;
  const offset = node.offset as PhpNode | undefined;
  if (what?.kind !== 'variable' || what.name !== 'GLOBALS' || offset?.kind !== 'string') return null;
  return typeof offset.value === 'string' ? offset.value : null;
}

/** `$a['k']`: an element of an array, not `$GLOBALS['x']`, which is the variable `$x` itself. */
export function isElement(node: PhpNode): boolean {
  return node.kind === 'offsetlookup' && globalsName(node) === null;
}

/** Where an lvalue lives: a variable, `$this->x`, `self::$x`, `$GLOBALS['x']`; null for what cannot be followed. */
export function placeOf(node: PhpNode, scope: Scope): Place | null {
  if (node.kind === 'variable' && typeof node.name === 'string') return { store: scope.vars, key: node.name };
  // The global `$x` itself, as `global $x;` binds it (PHP manual, "Using $GLOBALS instead of global").
  const global = globalsName(node);
  if (global !== null) return scope.globals ? { store: scope.globals, key: global } : null;
  const what = node.what as PhpNode | undefined;
  const offset = node.offset as PhpNode | undefined;
  if ((node.kind === 'propertylookup' || node.kind === 'nullsafepropertylookup') && scope.cls) {
    if (what?.kind === 'variable' && what.name === 'this' && offset?.kind === 'identifier') {
      return { store: scope.cls.store, key: `p:${identifierName(offset)}` };
    }
  }
  if (node.kind === 'staticlookup' && scope.cls && isOwnClass(what, scope.cls)) {
    if (offset?.kind === 'variable' && typeof offset.name === 'string') return { store: scope.cls.store, key: `s:${offset.name}` };
  }
  return null;
}

/** The class `self`, `static`, `parent` or a name refers to, when it is declared in this file. */
export function classOf(interp: Interpreter, node: PhpNode | undefined, scope: Scope): ClassDecl | null {
  if (!node) return null;
  if (node.kind === 'selfreference' || node.kind === 'staticreference') return scope.cls;
  if (node.kind === 'parentreference') return scope.cls ? (parentClass(interp.program, scope.cls) ?? null) : null;
  if (node.kind === 'name') return fileClass(interp.program, String(node.name)) ?? null;
  return null;
}

function classConstant(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const offset = node.offset as PhpNode;
  if (offset?.kind !== 'identifier') return UNKNOWN;
  const what = node.what as PhpNode;
  const name = identifierName(offset);
  // `Curl::class`: the name resolved as the file's `use` lines resolve it (lower-case, as every class name here).
  if (name.toLowerCase() === 'class') return what?.kind === 'name' ? lit(interp.resolve(String(what.name)), node) : UNKNOWN;
  // Declared in the class or inherited from a parent of this file (`self::BASE_URL` in a subclass); the value is
  // read in the declaring class. A parent elsewhere may declare it: unknown.
  for (let cls = classOf(interp, what, scope), hops = 0; cls && hops < 10; hops++) {
    const decl = cls.constants.get(name);
    if (decl) return interp.eval(decl, interp.newScope(cls, scope.unit));
    cls = parentClass(interp.program, cls) ?? null;
  }
  if (what?.kind !== 'name') return UNKNOWN;
  const known = interp.specials.classConstant(interp.resolve(String(what.name)), identifierName(offset));
  return known === undefined ? UNKNOWN : lit(known, node);
}

/** The value at `key` of `base`; null when `base` is an array seen whole without that key; undefined when unsure. */
function elementAt(base: Value, key: Value): Value | null | undefined {
  if (base.kind !== 'array' || key.kind !== 'lit') return undefined;
  const hit = [...base.entries].reverse().find((e) => e.key && !e.lost && keysEqual(e.key.value, key.value));
  if (hit) return hit.value;
  return base.open || base.entries.some((e) => !e.key || e.lost) ? undefined : null;
}

/** `$a['k']…`: its value, or null when PHP finds it unset (a key missing from an array seen whole, or under one). */
export function readElement(interp: Interpreter, node: PhpNode, scope: Scope): Value | null {
  const what = node.what as PhpNode;
  const base = isElement(what) ? readElement(interp, what, scope) : interp.eval(what, scope);
  const key = node.offset ? interp.eval(node.offset as PhpNode, scope) : UNKNOWN;
  if (base === null) return null;
  const value = elementAt(base, key);
  return value === undefined ? (interp.slotOf(what, scope) ?? UNKNOWN) : value;
}

/** Reads `$x`, `$this->x`, `self::$x`, `$a['k']`, `Cls::CONST`. */
export function read(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  // An unset element reads as unknown, or as what every element of the collection holds.
  if (isElement(node)) return readElement(interp, node, scope) ?? interp.slotOf(node.what as PhpNode, scope) ?? UNKNOWN;
  const place = placeOf(node, scope);
  if (place) return place.store.get(place.key) ?? UNKNOWN;
  if (node.kind === 'staticlookup') return classConstant(interp, node, scope);
  interp.eval(node.what as PhpNode, scope);
  return UNKNOWN;
}

export function assign(interp: Interpreter, node: PhpNode, scope: Scope): Value {
  const left = node.left as PhpNode;
  const op = String(node.operator);
  if (op === '??=') return coalesceAssign(interp, left, node.right as PhpNode, scope);
  let value = interp.eval(node.right as PhpNode, scope);
  if (op !== '=') {
    const old = read(interp, left, scope);
    value = (op === '+=' ? addArrays(old, value) : undefined) ?? foldBinary(op.slice(0, -1), old, value);
  }
  storeInto(interp, left, value, scope, op === '=' ? (node.right as PhpNode) : null);
  return value;
}

/**
 * `$a ??= b` writes `b` only where `$a` is null or unset. Over a value that is set it writes nothing, so the
 * value keeps the literal a fix replaces; over one the analysis cannot see it may write, read as `$a = $a ?? b`.
 */
function coalesceAssign(interp: Interpreter, left: PhpNode, right: PhpNode, scope: Scope): Value {
  const old = isElement(left) ? readElement(interp, left, scope) : read(interp, left, scope);
  // Walked whatever `$a` holds: the walk runs both arms of a branch, so `$a` may be set in one arm only.
  const value = interp.eval(right, scope);
  if (old === null || (old.kind === 'lit' && old.value === null)) {
    storeInto(interp, left, value, scope, right);
    return value;
  }
  if (old.kind !== 'unknown') return old;
  const either = interp.pick([old, value], scope);
  storeInto(interp, left, either, scope);
  return either;
}

/**
 * Stores into a place. Code that runs after the last assignment replaces it; an assignment in another
 * branch arm (or another function) is an alternative, so the place may hold either.
 */
function assignPlace(interp: Interpreter, store: Map<string, Value>, key: string, value: Value, scope: Scope): void {
  let where = assignedIn.get(store);
  if (!where) assignedIn.set(store, (where = new Map()));
  const here = `${scope.unit}|${interp.arms}`;
  const pass = interp.currentPass();
  const before = where.get(key);
  // Last assigned by this unit in an earlier pass, which it runs again from its start (`$ch = curl_init(…);` at file
  // scope, then again in an `if` below): what that pass left there comes later, not as an alternative.
  const again = before !== undefined && before.pass < pass && before.at.startsWith(`${scope.unit}|`);
  const follows = before === undefined || again || here === before.at || here.startsWith(`${before.at}/`);
  store.set(key, follows ? value : mayHold(store.get(key), value));
  where.set(key, { pass, at: here });
  noteMade(interp, store, key);
}

/** Stores into a place; `valueNode` is the expression written for the value, when an assignment names one. */
export function storeInto(interp: Interpreter, left: PhpNode, value: Value, scope: Scope, valueNode: PhpNode | null = null): void {
  storeInPlace(interp, left, value, scope, valueNode);
  syncGlobal(interp, left, scope);
}

/**
 * A function's `global $x` and `$GLOBALS['x']` are one variable: a write to either reaches the other, and the
 * global, where code elsewhere reads it (in sequence in this function, as an alternative elsewhere: assignPlace).
 */
function syncGlobal(interp: Interpreter, left: PhpNode, scope: Scope): void {
  const globals = scope.globals;
  if (!globals || scope.vars === globals) return;
  let base = left;
  for (let i = 0; isElement(base) && i < 8; i++) base = base.what as PhpNode;
  const named = globalsName(base);
  if (named !== null) {
    if (scope.globalNames?.has(named)) scope.vars.set(named, globals.get(named) ?? UNKNOWN);
    return;
  }
  if (base.kind === 'variable' && typeof base.name === 'string' && scope.globalNames?.has(base.name)) {
    assignPlace(interp, globals, base.name, scope.vars.get(base.name) ?? UNKNOWN, scope);
  }
}

function storeInPlace(interp: Interpreter, left: PhpNode, value: Value, scope: Scope, valueNode: PhpNode | null): void {
  if (isElement(left)) {
    storeElement(interp, left, value, scope, valueNode);
    return;
  }
  const place = placeOf(left, scope);
  if (place) assignPlace(interp, place.store, place.key, value, scope);
  else if (left.kind === 'list' || left.kind === 'array') {
    // `list('ch' => $h) = $job;`: the targets are not followed, so what they take is stored where the analysis
    // cannot follow it either.
    forgetTargets(left, scope);
    for (const t of trackedIn(value)) t.escape();
  } else for (const t of trackedIn(value)) t.escape(); // stored where the analysis cannot follow
}

/** A key written in `$a[k]`, or `$a[]` (append). */
type KeyStep = Value | 'append';

/** `$a['http']['timeout'] = v` on an array: the same array with the value at the end of that path of keys. */
function withElement(base: Value | undefined, keys: KeyStep[], value: Value, valueNode: PhpNode | null): Arr {
  // A place never assigned is a new array; one holding anything else (a value the analysis cannot see) is open.
  const open = base !== undefined && base.kind !== 'array';
  const arr: Arr = base?.kind === 'array' ? base : { kind: 'array', entries: [], open };
  const [step, ...rest] = keys;
  const key = step !== 'append' && step?.kind === 'lit' ? step : null;
  const old = key ? [...arr.entries].reverse().find((e) => e.key && !e.lost && keysEqual(e.key.value, key.value))?.value : undefined;
  const entry: ArrayEntry = rest.length
    ? { key, value: withElement(old, rest, value, valueNode), valueNode: null }
    : { key, value, valueNode };
  const kept = key ? arr.entries.filter((e) => !e.key || !keysEqual(e.key.value, key.value)) : arr.entries;
  const moved = kept.length < arr.entries.length;
  return { kind: 'array', entries: [...kept, entry], open: arr.open || (!key && step !== 'append'), ...reordered(arr.reordered || moved) };
}

function storeElement(interp: Interpreter, left: PhpNode, value: Value, scope: Scope, valueNode: PhpNode | null): void {
  const keys: KeyStep[] = [];
  let base = left;
  for (; isElement(base) && keys.length < 8; base = base.what as PhpNode) {
    keys.unshift(base.offset ? interp.eval(base.offset as PhpNode, scope) : 'append');
  }
  const place = placeOf(base, scope);
  // `if ($t > 0) $opts[CURLOPT_TIMEOUT] = $t;` in an arm a caller leaving `$t` at its default never runs
  // (guards.ts decidedByDefault): that caller's options hold no timeout after the arm. A request the arm sends
  // itself is sent only by callers that run it, with the timeout. Options the arm assigns itself are its own.
  const step = keys.length === 1 ? keys[0] : undefined;
  const bound = step !== 'append' && step?.kind === 'lit' && interp.specials.boundKey(step.value);
  const keptOut = bound && place && place.store.has(place.key) ? interp.keptOutFor(madeInArm.get(place.store)?.get(place.key)) : null;
  const before = place?.store.get(place.key);
  // One level down an object is followed, and so under a literal key one level further (`$jobs[$id]['ch']`),
  // where the element read back and what a foreach gives hold it; deeper, whatever it lacks may be set elsewhere.
  const named = keys.length === 2 && keys[1] !== 'append' && keys[1]!.kind === 'lit';
  if (!place || (keys.length > 1 && !named)) for (const t of trackedIn(value)) t.escape();
  if (!place) return;
  if (value.kind === 'obj' && keys.length === 1) assignPlace(interp, place.store, `${place.key}[]`, value, scope);
  if (value.kind === 'obj' && named) {
    const slot = `${place.key}[]`;
    assignPlace(interp, place.store, slot, withElement(place.store.get(slot), [keys[1]!], value, null), scope);
  }
  // Only a literal written right here may be replaced by a fix; a variable's value may be used elsewhere too.
  const written = value.kind === 'lit' && valueNode && value.node === valueNode ? valueNode : null;
  if (!place.store.has(place.key)) noteMade(interp, place.store, place.key);
  place.store.set(place.key, withElement(place.store.get(place.key), keys, value, written));
  if (keptOut && step !== 'append' && step?.kind === 'lit') putBackAfter(keptOut, place, before, step.value);
}

/**
 * As the walk leaves the kept-out arm `arm`, gives `place` back what it held under `key` before the element write
 * just made (`before`: the whole value then): the arm's entry goes where nothing stored the place whole since. A
 * copy the arm made into another variable of the same scope (`$o2 = $opts;`) loses the entry too: the caller that
 * never runs the arm never made that copy either, and sends what the variable held before, without the entry.
 */
function putBackAfter(arm: KeptOutArm, place: Place, before: Value | undefined, key: Literal): void {
  const made = place.store.get(place.key);
  const entry = made?.kind === 'array' ? made.entries[made.entries.length - 1] : undefined;
  const removed = before?.kind === 'array' ? before.entries.filter((e) => e.key && keysEqual(e.key.value, key)) : [];
  arm.undo.push(() => {
    const now = place.store.get(place.key);
    if (now === made && before) place.store.set(place.key, before);
    else if (now?.kind === 'array' && entry && now.entries.includes(entry)) place.store.set(place.key, { ...now, entries: [...now.entries.filter((e) => e !== entry), ...removed] });
    if (!entry) return;
    for (const [name, copy] of place.store) {
      if (name !== place.key && copy.kind === 'array' && copy.entries.includes(entry)) place.store.set(name, { ...copy, entries: [...copy.entries.filter((e) => e !== entry), ...removed] });
    }
  });
}

function forgetTargets(node: PhpNode, scope: Scope): void {
  for (const item of (node.items as (PhpNode | null)[]) ?? []) {
    const target = item?.kind === 'entry' ? (item.value as PhpNode) : item;
    const place = target ? placeOf(target, scope) : null;
    place?.store.set(place.key, UNKNOWN);
  }
}
