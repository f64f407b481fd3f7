import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { isParseFailure, parsePhp, type PhpNode } from '../../src/engines/php/parse';
import { syntaxErrorOf } from '../support/parsers';

const scratch = mkdtempSync(path.join(tmpdir(), 'htl-php-parse-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A keyword that may name an argument (`include:`) makes the parser look one token ahead, into the string.
const valid = [
  'f(include "$baseDir/x.php");',
  'f($a, require_once "{$dir}/x.php", 2);',
  'f(print "$a b");',
  'f(include `ls $dir`);',
  'f(include <<<EOT\n$dir/x.php\nEOT\n);',
  'f(include: "$a");',
  '$x = static fn () => "$a b";',
];
const invalid = ['f(include "$baseDir/x.php";', 'f(include "$a" "b");', 'f(include "$a x);'];

function phpLint(code: string, i: number): boolean {
  const file = path.join(scratch, `case${i}.php`);
  writeFileSync(file, `<?php\n${code}\n`);
  return syntaxErrorOf(file) === null;
}

test.for(valid.map((code, i) => [code, i] as const))('parses what php -l accepts: %s', ([code, i]) => {
  expect(phpLint(code, i)).toBe(true);
  expect(isParseFailure(parsePhp(`<?php\n${code}\n`, 'x.php'))).toBe(false);
});

test.for(invalid.map((code, i) => [code, i + valid.length] as const))('still rejects what php -l rejects: %s', ([code, i]) => {
  expect(phpLint(code, i)).toBe(false);
  expect(isParseFailure(parsePhp(`<?php\n${code}\n`, 'x.php'))).toBe(true);
});

test('the string after the peek is read as the include target', () => {
  const ast = parsePhp('<?php\nf(include "$baseDir/x.php", 2);\n', 'x.php') as PhpNode;
  const call = (ast.children as PhpNode[])[0]!.expression as PhpNode;
  const [inc, two] = call.arguments as PhpNode[];
  expect([inc!.kind, (inc!.target as PhpNode).kind, two!.kind]).toEqual(['include', 'encapsed', 'number']);
});

// php -l here is PHP 8.2: newer syntax is checked against the parse alone.
test.for([
  ['property hooks (8.4)', 'class U { public string $url { get => $this->url; set => $value; } }'],
  ['new without parentheses (8.4)', '$b = new Client()->get("https://x.test/");'],
  ['clone() with parentheses (8.5)', '$c = clone($a);'],
  ['the pipe operator (8.5)', '$u = " x " |> trim(...);'],
  ['a function named readonly (WordPress php-compat)', 'function readonly($a) { return $a; }\n$r = readonly(1);'],
])('parses %s', ([, code]) => {
  expect(isParseFailure(parsePhp(`<?php\n${code}\n`, 'x.php'))).toBe(false);
});

test('`$x = call() or die()`: the call ends at its own parenthesis', () => {
  const text = '<?php\n$fp = fsockopen("h", 43) or die("no");\n';
  const assign = ((parsePhp(text, 'x.php') as PhpNode).children as PhpNode[])[0]!.expression as PhpNode;
  const call = (assign.left as PhpNode).right as PhpNode;
  expect(text.slice(call.loc!.start.offset, call.loc!.end.offset)).toBe('fsockopen("h", 43)');
});
