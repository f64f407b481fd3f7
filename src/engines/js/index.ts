import { resolve } from 'node:path';
import type { Engine, EngineResult, EngineSettings } from '../../model/finding';
import { scriptView } from '../../core/script-blocks';
import { HOOKS } from './calls';
import { indexFile } from './file';
import { ModuleLoader } from './modules';
import { parseErrorOf, parseSource } from './parse';
import { importedValueMayLead } from './reach';
import { reportFile } from './report';
import { useSetup } from './setup-modules';
import { resetBudget } from './values';

const modules = new ModuleLoader();
modules.hooks = HOOKS;

const TOO_DEEP = { message: 'Parsing error: the file is nested too deeply to analyse', line: 1, column: 1 };

function lint(text: string, filePath: string, settings: EngineSettings): EngineResult {
  modules.trim();
  useSetup(modules, settings.setup ?? []);
  // A component or page is read as its script blocks alone; no module imports one, and a type checker's Program
  // holds it as some other text (a parser's virtual file), so its types are not asked.
  const view = scriptView(text, filePath);
  if (view) settings = { ...settings, program: undefined };
  // A module another file imported is often linted itself: its parse is used again (not with a type checker,
  // which the file would keep).
  const known = settings.program || view ? null : modules.parsed(resolve(filePath), text);
  if (known && !parseErrorOf(known.sf)) {
    resetBudget();
    return { findings: reportFile(known, settings) };
  }
  let sf;
  try {
    sf = view ? parseSource(view.code, filePath, view.syntax) : parseSource(text, filePath);
  } catch (err) {
    // TypeScript's parser recurses per nesting level; a pathological file must not crash the run.
    if (err instanceof RangeError) return { findings: [], parseError: TOO_DEEP };
    throw err;
  }
  const parseError = parseErrorOf(sf);
  if (parseError) return { findings: [], parseError };
  resetBudget();
  const file = indexFile(sf, filePath, HOOKS, modules);
  if (settings.program) file.program = settings.program;
  const findings = reportFile(file, settings);
  if (!settings.program && !view) modules.adopt(resolve(filePath), file);
  return { findings };
}

/** The JS/TS engine: one parse per file, no Program; other modules are read only when imported by a relative path or an alias. */
export const jsEngine: Engine = {
  language: 'js',
  lint,
  importedValueMayLead: (path, read) => importedValueMayLead(modules, path, read),
};
