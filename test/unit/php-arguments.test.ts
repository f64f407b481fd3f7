import { expect, test } from 'vitest';
import { argsOf } from '../../src/engines/php/calls';
import { evalBuiltin } from '../../src/engines/php/builtins';
import { parsePhp, type PhpNode } from '../../src/engines/php/parse';
import { builtinParams } from '../../src/engines/php/builtin-params';
import { lit, type Arr } from '../../src/engines/php/values';

function callOf(code: string): PhpNode {
  const ast = parsePhp(`<?php ${code};`, 'x.php') as PhpNode;
  return ((ast.children as PhpNode[])[0]!.expression as PhpNode);
}

/** Each position's source text, or null for a hole. */
function positions(code: string, params?: readonly string[]): (string | null)[] {
  const args = argsOf(callOf(code), params);
  return Array.from({ length: args.length }, (_, i) => {
    const a = args[i];
    return a ? String(a.value ?? a.name) : null;
  });
}

test('named arguments land at their parameter positions, leaving holes', () => {
  expect(positions("fsockopen(hostname: 'h', timeout: 5)", builtinParams('fsockopen'))).toEqual(['h', null, null, null, '5']);
  expect(positions("fsockopen('h', 43, timeout: 5)", builtinParams('fsockopen'))).toEqual(['h', '43', null, null, '5']);
  expect(positions("file_get_contents(context: $c, filename: 'u')", builtinParams('file_get_contents'))).toEqual(['u', null, 'c']);
});

test('without parameter names, or for a name the callee lacks, named arguments follow in order', () => {
  expect(positions("f(b: 1, a: 2)")).toEqual(['1', '2']);
  expect(positions("fsockopen('h', nope: 1)", builtinParams('fsockopen'))).toEqual(['h', '1']);
});

const arr = (...pairs: [string, number][]): Arr => ({
  kind: 'array',
  entries: pairs.map(([k, v]) => ({ key: lit(k), value: lit(v), valueNode: null })),
  open: false,
});

test("wp_parse_args($args, $defaults): the caller's keys win over the defaults", () => {
  const merged = evalBuiltin('wp_parse_args', [arr(['timeout', 15]), arr(['timeout', 0], ['redirection', 5])]) as Arr;
  const timeout = merged.entries.filter((e) => e.key?.value === 'timeout').map((e) => (e.value as { value: unknown }).value);
  expect(timeout).toEqual([15]);
  expect(merged.entries.some((e) => e.key?.value === 'redirection')).toBe(true);
  expect((evalBuiltin('wp_parse_args', [{ kind: 'unknown' }, arr(['timeout', 0])]) as Arr).open).toBe(true);
});
