import type { ImportRead } from '../catalogue/import-reads';
import type { ClientDecl } from '../config/declared';
import type { MessageId } from './message-ids';

/** A text edit, the same shape as ESLint's: replace `range` (UTF-16 offsets) by `text`. */
export interface Fix {
  range: [number, number];
  text: string;
}

export interface Related {
  range: [number, number];
  note: string;
}

export interface Suggestion {
  desc: string;
  fix: Fix;
}

/** What an engine reports. Offsets are UTF-16 indices into the BOM-stripped text, as in ESLint. */
export interface Finding {
  ruleId: string;
  messageId: MessageId;
  range: [number, number];
  data: Record<string, string>;
  related?: Related[];
  fix?: Fix;
  suggestions?: Suggestion[];
}

/** A file the engine could not parse; line and column are 1-based. */
export interface ParseFailure {
  message: string;
  line: number;
  column: number;
}

export interface EngineResult {
  findings: Finding[];
  parseError?: ParseFailure;
}

/** Fix values and other knobs the engines read. Seconds; engines convert to the client's unit. */
export interface EngineSettings {
  connectTimeout: number;
  totalTimeout: number;
  /** A TypeScript Program given by the editor's parser (typescript-eslint); an engine may use its checker. */
  program?: unknown;
  /** In-house clients declared in config, checked like the catalogue client they name. */
  clients?: readonly ClientDecl[];
  /** Parse all of the file, also the functions that cannot take part in a finding (`--no-prefilter`). */
  wholeFile?: boolean;
  /** Modules (absolute paths) that run before every other: the defaults they set reach every file (config `setup`). */
  setup?: readonly string[];
}

export interface Engine {
  readonly language: 'php' | 'js';
  lint(text: string, filePath: string, settings: EngineSettings): EngineResult;
  /**
   * Whether the value `read` names in the module at `path`, a module that names a client, may lead a file that
   * imports it to a client (the prefilter's reach through imports, src/catalogue/import-reach.ts).
   */
  importedValueMayLead?(path: string, read: ImportRead): boolean;
}
