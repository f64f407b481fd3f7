import type { Literal } from '../../catalogue/define-client';
import { decided } from './decided';
import type { Scope } from './interpreter';
import { identifierName } from './names';
import type { PhpNode } from './parse';
import { placeOf, type Place } from './places';
import type { Value } from './values';

// An arm an `if` runs only when its test holds cannot see a value that fails the test: in
// `if ($timeout) { curl_setopt($ch, CURLOPT_TIMEOUT, $timeout); }` the setopt never runs with the 0 the
// parameter defaults to. The walk keeps such a value (a default stands for every caller, `decided` trusts only
// a literal written at the call), so in that arm the variable holds what another caller gives it, which the
// analysis cannot see: it counts as set (contract: an unevaluable value counts as set).

/** Whether `$name` is a parameter of the function the walk is in: a caller may give it another value. */
function isParameter(name: string, scope: Scope): boolean {
  const fn = scope.stack[scope.stack.length - 1];
  return !!fn?.params.some((p) => identifierName(p.name) === name);
}

/**
 * The parameters a test reads that hold a literal. A local the function gives a literal itself (`$t = 0;`,
 * `$t = TIMEOUT;`) holds it on every path: the arm it keeps out runs with no other value.
 */
function testedPlaces(test: PhpNode, scope: Scope, found = new Map<string, { node: PhpNode; place: Place }>(), depth = 0): typeof found {
  if (depth > 8 || found.size > 8) return found;
  // A property's literal decides the test itself (decided.ts): the arm it keeps out is not walked at all.
  const place = test.kind === 'variable' && isParameter(String(test.name), scope) ? placeOf(test, scope) : null;
  if (place) {
    const id = `v:${String(test.name)}`;
    if (place.store.get(place.key)?.kind === 'lit') found.set(id, { node: test, place });
    return found;
  }
  for (const key of ['left', 'right', 'what', 'expression', 'test']) {
    const child = test[key] as PhpNode | undefined;
    if (child && typeof child === 'object' && typeof child.kind === 'string') testedPlaces(child, scope, found, depth + 1);
  }
  for (const key of ['arguments', 'variables']) for (const child of (test[key] as PhpNode[] | undefined) ?? []) testedPlaces(child, scope, found, depth + 1);
  return found;
}

/** A literal written in place, as php-parser would give it. */
function literalNode(value: Literal): PhpNode {
  if (value === null) return { kind: 'nullkeyword' } as PhpNode;
  if (typeof value === 'boolean') return { kind: 'boolean', value } as PhpNode;
  if (typeof value === 'string') return { kind: 'string', value } as PhpNode;
  if (value < 0) return { kind: 'unary', type: '-', what: { kind: 'number', value: String(-value) } } as PhpNode;
  return { kind: 'number', value: String(value) } as PhpNode;
}

/** The test with `target` written as `value` wherever it is read. */
function substituted(node: PhpNode, target: PhpNode, value: PhpNode, depth = 0): PhpNode {
  if (node === target) return value;
  if (depth > 8) return node;
  const copy: PhpNode = { ...node };
  for (const key of ['left', 'right', 'what', 'expression', 'test']) {
    const child = node[key] as PhpNode | undefined;
    if (child && typeof child === 'object' && typeof child.kind === 'string') copy[key] = substituted(child, target, value, depth + 1);
  }
  for (const key of ['arguments', 'variables']) {
    const list = node[key] as PhpNode[] | undefined;
    if (Array.isArray(list)) copy[key] = list.map((c) => substituted(c, target, value, depth + 1));
  }
  return sameTarget(node, target) ? value : copy;
}

/** `$t` read twice is two nodes: each is the target. */
function sameTarget(node: PhpNode, target: PhpNode): boolean {
  return node.kind === 'variable' && target.kind === 'variable' && node.name === target.name;
}

/**
 * Runs an arm of an `if` whose test would be `holds` with the literal a place keeps: that place holds an unknown
 * value there. The returned function gives each place its literal back, where the arm stored nothing over it.
 */
export function excludeFailing(test: PhpNode, scope: Scope, holds: boolean): () => void {
  const changed: { place: Place; before: Value; now: Value }[] = [];
  for (const { node, place } of testedPlaces(test, scope).values()) {
    const before = place.store.get(place.key)!;
    if (before.kind !== 'lit') continue;
    if (decided(substituted(test, node, literalNode(before.value)), scope) !== !holds) continue;
    const now: Value = { kind: 'unknown' };
    place.store.set(place.key, now);
    changed.push({ place, before, now });
  }
  return () => {
    for (const { place, before, now } of changed) if (place.store.get(place.key) === now) place.store.set(place.key, before);
  };
}
