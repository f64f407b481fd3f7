import { DEFAULT_SKIPPED_DIRS } from './ignore-rules';

/** The text of `--help`. */
export const HELP = `Usage: http-timeout-lint [options] [paths...]

Finds outbound HTTP calls with no connect or total timeout in PHP and JS/TS, and fixes them.
Paths default to "."; folders are walked; files named on the command line are linted unless an
ignore pattern matches them.

Output:
  -f, --format NAME         stylish (default), json, sarif, github (Actions annotations) or
                            gitlab (Code Quality report)
  -o, --output-file FILE    write the report to FILE instead of stdout
  --quiet                   report errors only (warnings are not fixed or counted either)
  --max-warnings N          exit 1 when there are more than N warnings

Config and files:
  -c, --config FILE         use this config file instead of searching for
                            http-timeout-lint.config.json or package.json "http-timeout-lint"
  --ignore-pattern GLOB     skip files matching GLOB (gitignore syntax, relative to the cwd); repeatable
  --no-ignore               do not skip anything: no .gitignore, default folders or ignore patterns

Fixing:
  --fix                     write the fixes to the files
  --fix-dry-run             compute the fixes without writing; json shows them as "output";
                            the problems listed are those the fixes leave

Editors:
  --stdin                   lint the text on standard input
  --stdin-filename FILE     the path that text has (chooses the language; FILE need not exist)

Speed:
  --workers N               worker threads: "auto" (default: one per core on big runs with 3+ cores,
                            one per language on 2) or N; 1 = none
  --cache                   skip files whose content, dependencies, tool version and config are
                            unchanged since the last run with --cache
  --cache-location PATH     the cache file (or a folder for it); default .http-timeout-lint-cache

Adopting on an existing codebase:
  --baseline-write FILE     record today's findings in FILE (a JSON baseline) and exit 0
  --baseline FILE           report only findings FILE does not hold; fingerprints survive line shifts

Other:
  --no-prefilter            analyse every file whole, even one that names no client (debugging: the
                            same findings; a syntax error is reported only where the analysis parses)
  -h, --help                show this help
  -v, --version             show the version

Skipped by default when walking a folder: .gitignore'd files, and folders named
${DEFAULT_SKIPPED_DIRS.join(', ')}.

Exit status: 0 no errors; 1 errors found, or more warnings than --max-warnings;
2 bad usage, bad config, a path that does not exist or could not be read, or an internal error.
`;
