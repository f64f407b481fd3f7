import { describe, expect, test } from 'vitest';
import { changedUnseen, neverWritten } from '../../src/engines/php/kept-property';
import { isParseFailure, parsePhp, type PhpNode } from '../../src/engines/php/parse';
import { indexProgram } from '../../src/engines/php/program';

/** Whether the property `$name` of the class `cls` in `code` may change where the walk does not see it. */
function changed(code: string, cls: string, name: string): boolean {
  const ast = parsePhp(`<?php\n${code}`, 'x.php');
  if (isParseFailure(ast)) throw new Error(ast.message);
  const program = indexProgram(ast as PhpNode, () => false);
  const decl = program.classes.find((c) => c.name === cls.toLowerCase())!;
  const prop = decl.properties.find((p) => p.key.slice(2) === name)!;
  return changedUnseen(program, ast as PhpNode, decl, prop);
}

function unwritten(code: string, key: string): boolean {
  const ast = parsePhp(`<?php\n${code}`, 'x.php') as PhpNode;
  return neverWritten(indexProgram(ast, () => false), ast, key);
}

describe('what may change a property where the walk does not see it', () => {
  test('the walk stores what its class writes through $this or self::', () => {
    expect(changed('class A { private $t = 0; function s($v) { $this->t = $v; self::$u = 1; } }', 'A', 't')).toBe(false);
    expect(changed('class A { private $t = 0; function s($v) { $this->t ??= $v; $this->t .= "s"; } }', 'A', 't')).toBe(false);
    expect(changed('class A { private $t = 0; function r() { return [$this->t, $this->t > 0 ? 1 : 2, "{$this->t}", f($this->t)]; } }', 'A', 't')).toBe(false);
  });

  test('a write on another object, by reference, ++, unset, a list target or a foreach target', () => {
    for (const write of ['$o->t = 1;', '$r = &$this->t;', '$r = [&$this->t];', '$this->t++;', 'unset($this->t);', '[$this->t] = $a;', 'foreach ($a as $this->t) {}', 'preg_match("/x/", $s, $this->t);', 'settype($this->t, "int");']) {
      expect(changed(`class A { private $t = 0; function w($o, $a, $s) { ${write} } }`, 'A', 't')).toBe(true);
    }
  });

  test('a PHP function takes its argument by reference only where it is declared so', () => {
    expect(changed('class A { private $t = 0; function w($h) { fsockopen($h, 80, $e, $s, $this->t); } }', 'A', 't')).toBe(false);
    expect(changed('class A { private $t = 0; function w($h) { fsockopen($h, 80, $this->t); } }', 'A', 't')).toBe(true);
  });

  test("a function or method of the file: by its parameters; a value's callee: any", () => {
    expect(changed('function n(&$x) {} class A { private $t = 0; function w() { n($this->t); } }', 'A', 't')).toBe(true);
    expect(changed('function n($x) {} class A { private $t = 0; function w() { n($this->t); } }', 'A', 't')).toBe(false);
    expect(changed('class A { private $t = 0; function n(&$x) {} function w() { $this->n($this->t); } }', 'A', 't')).toBe(true);
    expect(changed('class A { private $t = 0; function w($f) { $f($this->t); } }', 'A', 't')).toBe(true);
  });

  test('a name the code builds, reflection, a foreach by reference over $this, include in a class: any property', () => {
    for (const write of ['$this->$k = 1;', '$this->{$k} = 1;', 'self::$$k = 1;', 'foreach ($this as &$v) {}', '(new \\ReflectionProperty($this, "t"))->setValue($this, 1);', 'include $k;']) {
      expect(changed(`class A { private $t = 0; function w($k) { ${write} } }`, 'A', 't')).toBe(true);
    }
  });

  test('a trait writes the class it is used in; a trait of another file may', () => {
    expect(changed('trait T { function s() { $this->t = 1; } } class A { use T; private $t = 0; }', 'A', 't')).toBe(true);
    expect(changed('class A { use \\V\\T; private $t = 0; }', 'A', 't')).toBe(true);
    expect(changed('trait T { private $t = 0; }', 'T', 't')).toBe(true);
  });

  test('a subclass here that declares it again; and, unless private, a parent elsewhere or an abstract class', () => {
    expect(changed('class A { protected $t = 0; } class B extends A { protected $t = 30; }', 'A', 't')).toBe(true);
    expect(changed('class A { protected $t = 0; } class B extends A { protected $t = 0; }', 'A', 't')).toBe(false);
    expect(changed('class A extends \\V\\Base { protected $t = 0; }', 'A', 't')).toBe(true);
    expect(changed('class A extends \\V\\Base { private $t = 0; }', 'A', 't')).toBe(false);
    expect(changed('abstract class A { public $t = 0; }', 'A', 't')).toBe(true);
    expect(changed('abstract class A { private $t = 0; }', 'A', 't')).toBe(false);
    expect(changed('class A { public $t = 0; }', 'A', 't')).toBe(false);
  });

  test('a property no code writes at all', () => {
    expect(unwritten('class A { public $t; function r() { return $this->t; } }', 'p:t')).toBe(true);
    expect(unwritten('class A { public $t; function w() { $this->t = 1; } }', 'p:t')).toBe(false);
    expect(unwritten('class A { public $t; } $a = new A(); $a->t = 5;', 'p:t')).toBe(false);
  });
});
