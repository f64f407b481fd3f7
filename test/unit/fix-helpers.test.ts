import { describe, expect, test } from 'vitest';
import { applyFixes } from '../../src/fix/apply';
import { appendArguments, eolOf, insertArguments, insertEntries, insertStatementsAfter, keepCommentColumn, mergeFixes } from '../../src/fix/helpers';

describe('applyFixes', () => {
  test('applies sorted fixes and leaves overlapping ones for a later pass', () => {
    const text = 'abcdef';
    const r = applyFixes(text, [
      { range: [4, 5], text: 'E' },
      { range: [0, 1], text: 'A' },
      { range: [0, 2], text: 'xx' },
      { range: [1, 1], text: '+' },
    ]);
    expect(r).toEqual({ output: 'Abcd' + 'E' + 'f', applied: 2, done: [{ range: [0, 1], text: 'A' }, { range: [4, 5], text: 'E' }] });
  });

  test('returns the text itself when nothing applies', () => {
    expect(applyFixes('abc', [{ range: [5, 6], text: 'x' }])).toEqual({ output: 'abc', applied: 0, done: [] });
  });
});

describe('insertStatementsAfter', () => {
  test('puts statements on their own lines with the line indentation and newline', () => {
    const text = '<?php\r\n    $ch = curl_init();\r\n    curl_exec($ch);\r\n';
    const start = text.indexOf('$ch');
    const end = text.indexOf(';') + 1;
    const fix = insertStatementsAfter(text, start, end, ['a();', 'b();']);
    expect(applyFixes(text, [fix]).output).toBe('<?php\r\n    $ch = curl_init();\r\n    a();\r\n    b();\r\n    curl_exec($ch);\r\n');
  });

  test('statements already written right after it are not written again', () => {
    const text = '<?php\n$ch = curl_init();\ncurl_exec($ch);\n';
    const end = text.indexOf(';') + 1;
    const once = applyFixes(text, [insertStatementsAfter(text, text.indexOf('$ch'), end, ['a();'])]).output;
    expect(once).toBe('<?php\n$ch = curl_init();\na();\ncurl_exec($ch);\n');
    const again = insertStatementsAfter(once, once.indexOf('$ch'), end, ['a();']);
    expect(again.text).toBe('');
    expect(applyFixes(once, [again]).output).toBe(once);
  });

  test('stays on the line when the statement shares it, and adds a missing semicolon', () => {
    const text = '<p><?php $ch = curl_init() ?></p>';
    const start = text.indexOf('$ch');
    const end = text.indexOf(')') + 1;
    const fix = insertStatementsAfter(text, start, end, ['a();']);
    expect(applyFixes(text, [fix]).output).toBe('<p><?php $ch = curl_init(); a(); ?></p>');
  });

  test('a trailing line comment stays with its statement; the new lines follow it', () => {
    const text = '$ch = curl_init(); // make it\nrun();';
    const fix = insertStatementsAfter(text, 0, text.indexOf(';') + 1, ['a();']);
    expect(applyFixes(text, [fix]).output).toBe('$ch = curl_init(); // make it\na();\nrun();');
    const hash = '$ch = curl_init();   # make it\r\nrun();';
    expect(applyFixes(hash, [insertStatementsAfter(hash, 0, hash.indexOf(';') + 1, ['a();'])]).output).toBe('$ch = curl_init();   # make it\r\na();\r\nrun();');
  });

  test('a comment a closing tag ends early keeps the statements on the line', () => {
    const text = '<?php $ch = curl_init(); // c ?>\n<p>';
    const fix = insertStatementsAfter(text, text.indexOf('$ch'), text.indexOf(';') + 1, ['a();']);
    expect(applyFixes(text, [fix]).output).toBe('<?php $ch = curl_init(); a(); // c ?>\n<p>');
  });
});

describe('insertEntries', () => {
  const entries = ['A => 1', 'B => 2'];

  test("a PHP array's keys written in double quotes: the new keys are too; one single-quoted key keeps them single", () => {
    const quoted = ["'connect_timeout' => 10", "'http' => ['timeout' => 30]"];
    const text = '["base_uri" => "https://a.test/", "verify" => true]';
    expect(applyFixes(text, [insertEntries(text, 0, text.length, text.length - 1, quoted)]).output)
      .toBe('["base_uri" => "https://a.test/", "verify" => true, "connect_timeout" => 10, "http" => ["timeout" => 30]]');
    const mixed = `["base_uri" => 'x', 'verify' => true]`;
    expect(applyFixes(mixed, [insertEntries(mixed, 0, mixed.length, mixed.length - 1, quoted)]).output)
      .toBe(`["base_uri" => 'x', 'verify' => true, 'connect_timeout' => 10, 'http' => ['timeout' => 30]]`);
  });

  test('single-line array without a trailing comma', () => {
    const text = '[X => 0]';
    expect(applyFixes(text, [insertEntries(text, 0, text.length, 7, entries)]).output).toBe('[X => 0, A => 1, B => 2]');
  });

  test('an empty array over several lines gets each entry on a line of its own, indented as the line inside', () => {
    const text = '[\n        // your configuration\n    ]';
    expect(applyFixes(text, [insertEntries(text, 0, text.length, null, entries)]).output).toBe(
      '[\n        // your configuration\n        A => 1,\n        B => 2,\n    ]',
    );
    const bare = '    f([\n    ]);';
    expect(applyFixes(bare, [insertEntries(bare, 6, 13, null, entries)]).output).toBe('    f([\n        A => 1,\n        B => 2,\n    ]);');
    // The bracket shares its line with a comment: on that line, as on one line.
    const shared = '[\n    /* base */ ]';
    expect(applyFixes(shared, [insertEntries(shared, 0, shared.length, null, entries)]).output).toBe('[\n    /* base */ A => 1, B => 2]');
    expect(applyFixes('[]', [insertEntries('[]', 0, 2, null, entries)]).output).toBe('[A => 1, B => 2]');
  });

  test('multi-line array with a trailing comma', () => {
    const text = '[\n    X => 0,\n]';
    const fix = insertEntries(text, 0, text.length, text.indexOf(','), entries);
    expect(applyFixes(text, [fix]).output).toBe('[\n    X => 0,\n    A => 1,\n    B => 2,\n]');
  });

  test('entries whose arrows line up get new keys padded to the same column', () => {
    const text = "[\n    'method'  => 'POST',\n    'content' => $b,\n]";
    const fix = insertEntries(text, 0, text.length, text.lastIndexOf(','), ["'timeout' => 30", "'a' => 1", "'protocol_version' => 1.1"]);
    expect(applyFixes(text, [fix]).output).toBe(
      "[\n    'method'  => 'POST',\n    'content' => $b,\n    'timeout' => 30,\n    'a'       => 1,\n    'protocol_version' => 1.1,\n]",
    );
    // Arrows that merely share a column with one space before each are not an alignment to keep.
    const plain = "[\n    'ab' => 1,\n    'cd' => 2,\n]";
    const fixPlain = insertEntries(plain, 0, plain.length, plain.lastIndexOf(','), ["'e' => 3"]);
    expect(applyFixes(plain, [fixPlain]).output).toBe("[\n    'ab' => 1,\n    'cd' => 2,\n    'e' => 3,\n]");
  });

  test('arrows lined up with tabs: new keys padded with tabs, counting them 4 wide, else 8', () => {
    const four = "[\n\t'a'\t\t\t=> 1,\n\t'method'\t=> 2,\n]";
    expect(applyFixes(four, [insertEntries(four, 0, four.length, four.lastIndexOf(','), ["'b' => 3", "'timeout' => 30", "'max_redirects' => 1"])]).output).toBe(
      "[\n\t'a'\t\t\t=> 1,\n\t'method'\t=> 2,\n\t'b'\t\t\t=> 3,\n\t'timeout'\t=> 30,\n\t'max_redirects' => 1,\n]",
    );
    const eight = "[\n\t'a'\t=> 1,\n\t'url'\t=> 2,\n]";
    expect(applyFixes(eight, [insertEntries(eight, 0, eight.length, eight.lastIndexOf(','), ["'b' => 3"])]).output).toBe(
      "[\n\t'a'\t=> 1,\n\t'url'\t=> 2,\n\t'b'\t=> 3,\n]",
    );
  });

  test('a comment after the last entry stays with it', () => {
    const multi = '[\n    X => 0 // prod\n]';
    expect(applyFixes(multi, [insertEntries(multi, 0, multi.length, multi.indexOf(' //'), entries)]).output).toBe('[\n    X => 0, // prod\n    A => 1,\n    B => 2\n]');
    const comma = '[\n    X => 0, # prod\n]';
    expect(applyFixes(comma, [insertEntries(comma, 0, comma.length, comma.indexOf(','), entries)]).output).toBe('[\n    X => 0, # prod\n    A => 1,\n    B => 2,\n]');
    const inline = '[X => 0 /* off */]';
    expect(applyFixes(inline, [insertEntries(inline, 0, inline.length, 7, entries)]).output).toBe('[X => 0 /* off */, A => 1, B => 2]');
  });

  test('empty array', () => {
    expect(applyFixes('array()', [insertEntries('array()', 0, 7, null, entries)]).output).toBe('array(A => 1, B => 2)');
  });
});

describe('insertArguments', () => {
  /** The ranges of the arguments named in `names`, as they first occur after the `(`. */
  const add = (text: string, names: string[], parts: string[], index = names.length) => {
    const open = text.indexOf('(');
    const ranges = names.map((n): [number, number] => [text.indexOf(n, open), text.indexOf(n, open) + n.length]);
    return applyFixes(text, [insertArguments(text, text.lastIndexOf(')'), ranges, parts, index)]).output;
  };

  test('one per line, indented like the others, before a trailing comma or after it', () => {
    expect(add('f(\n    $a,\n    $b\n);', ['$a', '$b'], ['1', '2'])).toBe('f(\n    $a,\n    $b,\n    1,\n    2\n);');
    expect(add('f(\r\n\t$a,\r\n\t$b,\r\n);', ['$a', '$b'], ['1'])).toBe('f(\r\n\t$a,\r\n\t$b,\r\n\t1,\r\n);');
  });

  test('beside arguments that share a line', () => {
    expect(add('f(\n    $a, $b\n);', ['$a', '$b'], ['1'])).toBe('f(\n    $a, $b, 1\n);');
    expect(add('f($a,\n  $b,\n);', ['$a', '$b'], ['1'])).toBe('f($a,\n  $b, 1,\n);');
    expect(add('f()', [], ['1'])).toBe('f(1)');
    expect(add('if (a) {\n  f(\n  );\n}', [], ['1'])).toBe('if (a) {\n  f(\n    1\n  );\n}');
    expect(add('f(\n\t);', [], ['1'])).toBe('f(\n\t\t1\n\t);');
  });

  test('after the comment and the parentheses that end the last argument', () => {
    expect(add('f(\n    $a,\n    (($b)) // b\n);', ['$a', '$b'], ['1'])).toBe('f(\n    $a,\n    (($b)), // b\n    1\n);');
    expect(add('f(\n    $a,\n    $b, # b\n);', ['$a', '$b'], ['1'])).toBe('f(\n    $a,\n    $b, # b\n    1,\n);');
    expect(add('f(($a))', ['$a'], ['1'])).toBe('f(($a), 1)');
  });

  test('after a heredoc, on the line that follows its closing marker unless a comma is already there', () => {
    expect(add('f(\n    <<<EOT\nx\nEOT\n);', ['<<<EOT\nx\nEOT'], ['1'])).toBe('f(\n    <<<EOT\nx\nEOT\n, 1);');
    expect(add('f(\n    <<<EOT\nx\nEOT,\n);', ['<<<EOT\nx\nEOT'], ['1'])).toBe('f(\n    <<<EOT\nx\nEOT,\n    1,\n);');
  });

  test('before an argument', () => {
    expect(add('f(\n  a,\n  c\n)', ['a', 'c'], ['b'], 1)).toBe('f(\n  a,\n  b,\n  c\n)');
    expect(add('f(a, c)', ['a', 'c'], ['b'], 1)).toBe('f(a, b, c)');
  });

  test('appendArguments gives `new X` its parentheses', () => {
    expect(applyFixes('new X;', [appendArguments('new X;', 0, 6, [], ['1'])]).output).toBe('new X(1);');
  });
});

test('mergeFixes joins edits with the text between them', () => {
  const text = 'one two three';
  const fix = mergeFixes(text, [{ range: [8, 13], text: '3' }, { range: [0, 3], text: '1' }]);
  expect(applyFixes(text, [fix]).output).toBe('1 two 3');
});

test('eolOf reads the first newline', () => {
  expect(eolOf('a\r\nb\nc')).toBe('\r\n');
  expect(eolOf('a\nb\r\n')).toBe('\n');
  expect(eolOf('abc')).toBe('\n');
});

describe('keepCommentColumn', () => {
  const apply = (text: string, find: string, by: string): string => {
    const at = text.indexOf(find);
    return applyFixes(text, [keepCommentColumn(text, { range: [at, at + find.length], text: by })]).output;
  };

  test('a longer value takes its growth out of the spaces before an aligned comment', () => {
    expect(apply("  T => 0,      // none\n", '0', '30')).toBe("  T => 30,     // none\n");
    expect(apply('f(0);   # php comment', '0', '300')).toBe('f(300); # php comment');
  });

  test('a shorter value gives the spaces back, and at least one space is left', () => {
    expect(apply('  t: 30000,  /* ms */', '30000', '0')).toBe('  t: 0,      /* ms */');
    expect(apply('  t: 0,  // c', '0', '30000')).toBe('  t: 30000, // c');
  });

  test('no aligned comment, an edit across lines, or one space only: the edit as it is', () => {
    expect(apply('  t: 0, // c', '0', '30')).toBe('  t: 30, // c');
    expect(apply('  t: 0,\n  // c', '0', '30')).toBe('  t: 30,\n  // c');
    expect(apply("  t: 0 + x,   // c", '0', '30')).toBe("  t: 30 + x,   // c");
    expect(apply('  t: 0,   // c', '0', '[\n30\n]')).toBe('  t: [\n30\n],   // c');
  });
});
