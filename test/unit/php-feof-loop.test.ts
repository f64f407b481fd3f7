import { expect, test } from 'vitest';
import { parsePhp, type PhpNode } from '../../src/engines/php/parse';
import { deadlineReads, feofLoopFix, feofLoops, leavingStatements } from '../../src/engines/php/special/feof-loop';

function parse(code: string): { text: string; ast: PhpNode } {
  const text = `<?php\n${code}\n`;
  return { text, ast: parsePhp(text, 'x.php') as PhpNode };
}

/** The conditions the fix writes, one per loop that ends on feof() only. */
function fixed(code: string): string[] {
  const { text, ast } = parse(code);
  return [...new Set(feofLoops(ast).values())].map((l) => feofLoopFix(text, l).text);
}

test('a loop that ends on feof() only: while, do … while and for, alone or with other parts', () => {
  expect(fixed('while (!feof($fp)) { echo fgets($fp); }')).toEqual(["!feof($fp) && !stream_get_meta_data($fp)['timed_out']"]);
  expect(fixed('do { $l = fgets($fp); } while (!feof($fp));')).toEqual(["!feof($fp) && !stream_get_meta_data($fp)['timed_out']"]);
  expect(fixed('for (; !feof($this->fp);) $x .= fread($this->fp, 10);')).toEqual([
    "!feof($this->fp) && !stream_get_meta_data($this->fp)['timed_out']",
  ]);
  expect(fixed('while (!feof($fp) && $more) echo fgets($fp);')).toEqual(["!feof($fp) && $more && !stream_get_meta_data($fp)['timed_out']"]);
});

test('a silenced feof() counts, and PHP\'s own stream functions handed the handle are no way out', () => {
  expect(fixed('while (!@feof($fp)) echo fgets($fp);')).toEqual(["!@feof($fp) && !stream_get_meta_data($fp)['timed_out']"]);
  expect(fixed('while (!feof($fp)) { fwrite($out, fread($fp, 10)); fflush($out); }')).toHaveLength(1);
});

test('a condition joined by a looser operator is put in parentheses', () => {
  expect(fixed('while (!feof($fp) || $more) echo fgets($fp);')).toEqual(["(!feof($fp) || $more) && !stream_get_meta_data($fp)['timed_out']"]);
  expect(fixed('while (!feof($fp) and $more) echo fgets($fp);')).toEqual(["(!feof($fp) and $more) && !stream_get_meta_data($fp)['timed_out']"]);
});

test('a loop with a way out once a read times out is not one', () => {
  const quiet = [
    "while (!feof($fp)) { if (stream_get_meta_data($fp)['timed_out']) throw new E(); echo fgets($fp); }",
    "while (!feof($fp)) { $i = socket_get_status($fp); if ($i['timed_out']) return; }",
    'while (!feof($fp) && time() < $end) echo fgets($fp);',
    'while (!feof($fp)) { if ($this->time() - $start > 5) break; echo fgets($fp); }',
    'while (!feof($fp)) { $l = fgets($fp); if ($l === false) break; }',
    'while (!feof($fp)) { $l = fgets($fp); if ($l === false) exit(1); }',
    'while (!feof($fp) && ($line = fgets($fp)) !== false) echo $line;',
    'while (!feof($fp)) { foreach ($a as $x) { if ($x) break 2; } echo fgets($fp); }',
    'while (feof($fp) === false && $x) echo fgets($fp);', // not a `!feof()` test: left alone
    'while (!feof($this->fp)) { $out .= $this->readChunk($this->fp); }', // project code handed the handle may throw
    'while (!feof($fp)) { $out .= read_chunk($fp, 10); }',
  ];
  for (const code of quiet) expect(fixed(code), code).toEqual([]);
});

test('a break of an inner loop, or a return in a closure, is no way out of the outer loop', () => {
  expect(fixed('while (!feof($fp)) { foreach ($a as $x) { if ($x) break; } echo fgets($fp); }')).toHaveLength(1);
  expect(fixed('while (!feof($fp)) { switch ($x) { case 1: break; } echo fgets($fp); }')).toHaveLength(1);
  expect(fixed('while (!feof($fp)) { $f = function () { return 1; }; echo fgets($fp); }')).toHaveLength(1);
});

test('reads in a loop that reads a clock are deadline reads', () => {
  const { text, ast } = parse('while (microtime(true) < $end) { $d .= fread($fp, 10); }\n$e = fread($fp, 10);');
  const lines = [...deadlineReads(ast)].map((o) => text.slice(0, o).split('\n').length);
  expect(lines).toEqual([2]);
});

test('a statement a return follows with nothing between that reads is leaving; one before a read is not', () => {
  const { text, ast } = parse('stream_set_blocking($fp, 0);\nfclose($fp);\nreturn 1;');
  expect([...leavingStatements(ast)].map((o) => text.slice(0, o).split('\n').length).sort()).toEqual([2, 3]);
  const other = parse('stream_set_blocking($fp, 0);\n$d = fread($fp, 10);\nreturn $d;');
  // the read itself is followed by the return; the mode set before it reaches it
  expect([...leavingStatements(other.ast)].map((o) => other.text.slice(0, o).split('\n').length)).toEqual([3]);
});
