import type { ResolvedConfig } from '../config/config';
import { lintText, type LintMessage } from '../core/lint';
import { lineStarts, locOf } from '../core/positions';
import { directiveComments, disableDirectives, inlineConfigs, type PhpComment } from './php-comments';
import type { Position, SourceLocation } from './types';

/** The root of a PHP file in ESLint: rules listen to `Program` / `Program:exit`; findings live on the SourceCode. */
export interface PhpProgram {
  type: 'Program';
  range: [number, number];
  loc: SourceLocation;
  body: [];
  comments: PhpComment[];
}

export const PHP_VISITOR_KEYS: Record<string, string[]> = { Program: [] };

interface Init {
  text: string;
  ast: PhpProgram;
  hasBOM: boolean;
  filePath: string;
  /** The pipeline's messages for the default rule options, computed when the file was parsed. */
  messages: LintMessage[];
  messagesKey: string;
}

/** ESLint's view of one PHP file: its text, a root node, and the findings of the PHP engine. */
export class PhpSourceCode {
  readonly text: string;
  readonly ast: PhpProgram;
  readonly hasBOM: boolean;
  readonly lines: string[];
  readonly filePath: string;
  readonly visitorKeys = PHP_VISITOR_KEYS;
  readonly parserServices = {};
  readonly #starts: number[];
  readonly #messages = new Map<string, LintMessage[]>();

  constructor(init: Init) {
    this.text = init.text;
    this.ast = init.ast;
    this.hasBOM = init.hasBOM;
    this.filePath = init.filePath;
    this.#starts = lineStarts(init.text);
    this.lines = init.text.split(/\r\n|[\r\n]/);
    this.#messages.set(init.messagesKey, init.messages);
  }

  /** The pipeline's messages for a config; the parse already made those of the default one. */
  messagesFor({ key, config }: { key: string; config: ResolvedConfig }): LintMessage[] {
    let messages = this.#messages.get(key);
    if (!messages) this.#messages.set(key, (messages = lintText(this.text, this.filePath, config)));
    return messages;
  }

  getLoc(node: { loc: SourceLocation }): SourceLocation {
    return node.loc;
  }

  getRange(node: { range: [number, number] }): [number, number] {
    return node.range;
  }

  getText(node?: { range: [number, number] }): string {
    return node ? this.text.slice(node.range[0], node.range[1]) : this.text;
  }

  getLines(): string[] {
    return this.lines;
  }

  /** Line 1-based, column 0-based, as ESLint's JS SourceCode. */
  getLocFromIndex(index: number): Position {
    const { line, column } = locOf(this.#starts, Math.max(0, Math.min(index, this.text.length)));
    return { line, column: column - 1 };
  }

  getIndexFromLoc(loc: Position): number {
    return (this.#starts[loc.line - 1] ?? this.text.length) + loc.column;
  }

  *traverse(): Iterable<{ kind: 1; target: PhpProgram; phase: 1 | 2; args: [PhpProgram, null] }> {
    yield { kind: 1, target: this.ast, phase: 1, args: [this.ast, null] };
    yield { kind: 1, target: this.ast, phase: 2, args: [this.ast, null] };
  }

  getInlineConfigNodes(): PhpComment[] {
    return this.ast.comments;
  }

  getDisableDirectives(): ReturnType<typeof disableDirectives> {
    return disableDirectives(this.ast.comments);
  }

  applyInlineConfig(): ReturnType<typeof inlineConfigs> {
    return inlineConfigs(this.ast.comments);
  }
}

/** The root node of a PHP text, with its directive comments. */
export function programOf(text: string): PhpProgram {
  const starts = lineStarts(text);
  const end = locOf(starts, text.length);
  return {
    type: 'Program',
    range: [0, text.length],
    loc: { start: { line: 1, column: 0 }, end: { line: end.line, column: end.column - 1 } },
    body: [],
    comments: directiveComments(text),
  };
}
