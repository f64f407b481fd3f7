import type { ClientSpec } from '../catalogue/define-client';
import { PLUGIN_PREFIX } from './rule-names';

/** File patterns the flat `recommended` config lints as PHP. */
export const PHP_FILES = ['**/*.php', '**/*.phtml'];

type Rules = Record<string, 'error'>;

function rulesOf(clients: readonly ClientSpec[], names: ReadonlyMap<string, string>, language: 'php' | 'js'): Rules {
  return Object.fromEntries(clients.filter((c) => c.language === language).map((c) => [`${PLUGIN_PREFIX}/${names.get(c.id)}`, 'error']));
}

// The JS/TS part has no `files` of its own: it runs wherever the user's config lints JS/TS, so no TS file is
// linted without a parser for it. eslintrc has no languages, so the legacy config has no PHP.
/** `recommended` (flat, ESLint 9/10: JS/TS, and PHP through the language) and `recommended-legacy` (.eslintrc). */
export function configsOf(plugin: object, clients: readonly ClientSpec[], names: ReadonlyMap<string, string>) {
  const plugins = { [PLUGIN_PREFIX]: plugin };
  return {
    recommended: [
      { name: `${PLUGIN_PREFIX}/recommended`, plugins, rules: rulesOf(clients, names, 'js') },
      {
        name: `${PLUGIN_PREFIX}/recommended/php`,
        files: PHP_FILES,
        plugins,
        language: `${PLUGIN_PREFIX}/php`,
        rules: rulesOf(clients, names, 'php'),
      },
    ],
    'recommended-legacy': { plugins: [PLUGIN_PREFIX], rules: rulesOf(clients, names, 'js') },
  };
}
