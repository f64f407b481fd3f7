// The part of ESLint's rule and language API the plugin uses, typed here so the published types need no
// particular ESLint version (8.57, 9 and 10 all fit these shapes).

export interface Position {
  line: number;
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

export interface Fixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}

export interface ReportDescriptor {
  loc: SourceLocation;
  messageId: string;
  data: Record<string, string>;
  fix?: (fixer: Fixer) => unknown;
  suggest?: { desc: string; fix: (fixer: Fixer) => unknown }[];
}

/** What a rule reads of its SourceCode: ESLint's JS one, or the PHP one of this plugin. */
export interface SourceCodeLike {
  text: string;
  ast?: { type?: string };
  getLocFromIndex(index: number): Position;
  parserServices?: { program?: unknown } | null;
}

export interface RuleContext {
  options: unknown[];
  settings?: Record<string, unknown>;
  filename?: string;
  physicalFilename?: string;
  cwd?: string;
  sourceCode?: SourceCodeLike;
  getFilename?(): string;
  getPhysicalFilename?(): string;
  getCwd?(): string;
  getSourceCode?(): SourceCodeLike;
  report(descriptor: ReportDescriptor): void;
}

export interface RuleModule {
  meta: {
    type: 'problem';
    docs: { description: string; url: string; recommended: boolean };
    fixable: 'code';
    hasSuggestions: true;
    schema: unknown[];
    messages: Record<string, string>;
  };
  create(context: RuleContext): Record<string, () => void>;
}
