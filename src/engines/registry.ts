import type { Engine } from '../model/finding';
import type { ResolvedConfig } from '../config/config';

export type Language = Engine['language'];

// Engines load on first use, so a run over PHP files never loads TypeScript, and the reverse.
const loaders: Record<Language, () => Engine | null> = {
  php: () => (require('./php/index') as typeof import('./php/index')).phpEngine,
  js: () => (require('./js/index') as typeof import('./js/index')).jsEngine,
};
const loaded = new Map<Language, Engine | null>();

export function engineFor(language: Language): Engine | null {
  if (!loaded.has(language)) loaded.set(language, loaders[language]());
  return loaded.get(language)!;
}

/** The language a path is linted as, from its extension; `null` when it is not a source file we know. */
export function languageOf(filePath: string, config: ResolvedConfig): Language | null {
  const dot = filePath.lastIndexOf('.');
  if (dot < 0 || dot < filePath.lastIndexOf('/')) return null;
  const ext = filePath.slice(dot).toLowerCase();
  if (config.extensions.php.includes(ext)) return 'php';
  if (config.extensions.js.includes(ext)) return 'js';
  return null;
}
