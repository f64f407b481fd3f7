import { describe, expect, test } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';

describe('parseArgs', () => {
  test('defaults', () => {
    expect(parseArgs([])).toMatchObject({ paths: ['.'], format: 'stylish', maxWarnings: -1, quiet: false, fix: false, ignore: true, prefilter: true });
  });

  test('values as "--opt value" and "--opt=value", short forms, the last one wins, repeatable patterns', () => {
    const o = parseArgs(['-f', 'json', '--format=sarif', '-o', 'r.sarif', '-c', 'c.json', '--max-warnings', '0', '--ignore-pattern', 'a/', '--ignore-pattern=b/', 'src', 'lib']);
    expect(o).toMatchObject({ format: 'sarif', outputFile: 'r.sarif', config: 'c.json', maxWarnings: 0, ignorePatterns: ['a/', 'b/'], paths: ['src', 'lib'] });
  });

  test('"--" ends the options', () => {
    expect(parseArgs(['--', '--fix']).paths).toEqual(['--fix']);
  });

  test('--help and --version win over other checks', () => {
    expect(parseArgs(['--fix', '--fix-dry-run', '-h']).help).toBe(true);
  });

  test.for([['--max-warnings', '-2'], ['--max-warnings', '1.5'], ['--output-file='], ['-x'], ['--stdin', '--stdin-filename', 'a.php', 'b.php']])(
    '%j is bad usage',
    (argv) => {
      expect(() => parseArgs(argv)).toThrow(UsageError);
    },
  );
});
