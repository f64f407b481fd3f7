import { DEFAULT_CONFIG } from '../config/config';
import { lintText, type LintMessage } from '../core/lint';
import { languageOf } from '../engines/registry';
import { DEFAULT_PIPELINE } from './options';
import { PHP_VISITOR_KEYS, PhpSourceCode, programOf, type PhpProgram } from './php-source-code';

/** The file ESLint hands a language. */
export interface LanguageFile {
  path: string;
  physicalPath: string;
  bom: boolean;
  body: string | Uint8Array;
}

/** What `parse` gives ESLint: the root and the findings, or the syntax error. */
export type ParseResult =
  | { ok: true; ast: PhpProgram; messages: LintMessage[] }
  | { ok: false; errors: { message: string; line: number; column: number }[] };

// A file put under the language by a `files` pattern of its own (`**/*.inc`) is still PHP.
function phpPath(path: string): string {
  return languageOf(path, DEFAULT_CONFIG) === 'php' ? path : `${path}.php`;
}

function textOf(file: LanguageFile): string {
  return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
}

/** PHP for ESLint 9 and 10 (`language: 'http-timeout/php'`): parsed once by the PHP engine, findings on the SourceCode. */
export const phpLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: PHP_VISITOR_KEYS,
  defaultLanguageOptions: {},

  // No option of its own; options meant for JS (a global `languageOptions` block) are left alone.
  validateLanguageOptions(options: unknown): void {
    if (typeof options !== 'object' || options === null) throw new TypeError('Expected languageOptions to be an object.');
  },

  parse(file: LanguageFile): ParseResult {
    const text = textOf(file);
    const messages = lintText(text, phpPath(file.path), DEFAULT_PIPELINE.config);
    const fatal = messages.find((m) => m.fatal);
    if (fatal) {
      // ESLint adds "Parsing error: " itself.
      return { ok: false, errors: [{ message: fatal.message.replace(/^Parsing error:\s*/, ''), line: fatal.line, column: fatal.column }] };
    }
    return { ok: true, ast: programOf(text), messages };
  },

  createSourceCode(file: LanguageFile, result: { ast: PhpProgram; messages: LintMessage[] }): PhpSourceCode {
    const text = textOf(file);
    return new PhpSourceCode({ text, ast: result.ast, hasBOM: file.bom, filePath: phpPath(file.path), messages: result.messages, messagesKey: DEFAULT_PIPELINE.key });
  },
};
