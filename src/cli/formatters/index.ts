import type { Format } from '../args';
import type { Failure, Notice } from '../log';
import type { FileResult } from '../results';
import { formatGithub } from './github';
import { formatGitlab } from './gitlab';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

/** What a formatter may know besides the results. */
export interface FormatContext {
  /** Paths in reports are relative to this folder where the format wants relative paths. */
  cwd: string;
  /** ANSI colour, for stylish on a terminal. */
  color: boolean;
  /** Paths that could not be linted, or whose fix could not be written (the run exits 2). */
  failures: readonly Failure[];
  /** What the run said about paths without failing (a file skipped on purpose); stderr has them too. */
  notices?: readonly Notice[];
  /** GITHUB_WORKSPACE, in a GitHub Actions job: the checkout, which `github` annotations' paths are relative to. */
  workspace?: string;
}

export type Formatter = (results: readonly FileResult[], context: FormatContext) => string;

export const FORMATTERS: Record<Format, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gitlab: formatGitlab,
};
