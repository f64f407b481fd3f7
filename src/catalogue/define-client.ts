/** A literal value as the engines evaluate it. */
export type Literal = number | string | boolean | null;

/** One option that bounds time; `code` is its integer value where the language allows it as a key. */
export interface TimeoutOption {
  name: string;
  code?: number;
  unit: 's' | 'ms';
}

export interface BoundSpec {
  options: readonly TimeoutOption[];
  /** Values that mean "never time out": a `disabledTimeout` finding. */
  never: readonly Literal[];
  /** Values that put the library default back, as if the option were not written. */
  unset: readonly Literal[];
  /** True when a negative value is refused and the previous value stays. */
  negativeIgnored?: boolean;
}

/** A cURL-style handle: created, configured by option calls, then executed. */
export interface HandleSpec {
  create: readonly string[];
  copy: readonly string[];
  reset: readonly string[];
  setOption: readonly string[];
  setOptions: readonly string[];
  /** Calls that send the request; `arg` is the index of the handle argument. */
  execute: readonly { fn: string; arg: number }[];
  /** Calls that take a handle but neither set nor hide its options. */
  inert: readonly string[];
}

export interface StatementFix {
  kind: 'insertStatementAfter';
  /** One statement per missing bound; {{handle}} is the handle expression, {{value}} the value in the option's unit. */
  statement: string;
  /** The same option as an entry of an options array literal. */
  arrayEntry: string;
  level: 'fix' | 'suggestion';
}

interface BaseSpec {
  /** The path under rules/, without extension: 'php/curl'. */
  id: string;
  language: 'php' | 'js';
  /** How messages name the client. */
  client: string;
  summary: string;
  /** Words of which a file must contain one to hold a finding (the prefilter). */
  mentions: readonly string[];
  total: BoundSpec;
  connect: BoundSpec | null;
  /** The library's own finite bound, if it has one; then only a disabled value is owed a finding. */
  libraryDefault: { total: string } | null;
}

export interface CurlHandleSpec extends BaseSpec {
  special: 'curl-handle';
  handle: HandleSpec;
  fix: StatementFix;
}

export type ClientSpec = CurlHandleSpec;

/** Identity at run time; gives rule files their type checking. */
export function defineClient<T extends ClientSpec>(spec: T): T {
  return spec;
}
