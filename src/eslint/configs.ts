import type { ClientSpec } from '../catalogue/define-client';
import { PLUGIN_PREFIX } from './rule-names';

/** File patterns the flat `recommended` config lints as PHP. */
export const PHP_FILES = ['**/*.php', '**/*.phtml'];
// Composer's packages, which the CLI skips too: ESLint ignores only node_modules, and `eslint .` in a Laravel or
// WordPress project would lint thousands of files the project cannot change. Local to the PHP part: a global
// ignore would hide vendor/ from every other plugin of the user's config.
const PHP_IGNORES = ['**/vendor/**'];

type Rules = Record<string, 'error'>;

function rulesOf(clients: readonly ClientSpec[], names: ReadonlyMap<string, string>, language: 'php' | 'js'): Rules {
  return Object.fromEntries(clients.filter((c) => c.language === language).map((c) => [`${PLUGIN_PREFIX}/${names.get(c.id)}`, 'error']));
}

// The JS/TS part has no `files` of its own: it runs wherever the user's config lints JS/TS, so no TS file is
// linted without a parser for it. eslintrc has no languages, so the legacy config has no PHP.
// eslintrc parses ES5 scripts unless told otherwise, and `const` or `import` is then a parse error that hides
// every finding: the legacy config reads JS as flat config does (latest syntax, modules, `.cjs` as scripts),
// and JSX in `.jsx`. Its overrides also make `eslint .` lint `.mjs`, `.cjs` and `.jsx`, as the CLI does.
const LEGACY_PARSING = {
  parserOptions: { ecmaVersion: 'latest' as const, sourceType: 'module' as const },
  overrides: [
    { files: ['*.mjs'], parserOptions: { sourceType: 'module' as const } },
    { files: ['*.cjs'], parserOptions: { sourceType: 'script' as const } },
    { files: ['*.jsx'], parserOptions: { ecmaFeatures: { jsx: true } } },
  ],
};
/** `recommended` (flat, ESLint 9/10: JS/TS, and PHP through the language) and `recommended-legacy` (.eslintrc). */
export function configsOf(plugin: object, clients: readonly ClientSpec[], names: ReadonlyMap<string, string>) {
  const plugins = { [PLUGIN_PREFIX]: plugin };
  return {
    recommended: [
      { name: `${PLUGIN_PREFIX}/recommended`, plugins, rules: rulesOf(clients, names, 'js') },
      {
        name: `${PLUGIN_PREFIX}/recommended/php`,
        files: PHP_FILES,
        ignores: PHP_IGNORES,
        plugins,
        language: `${PLUGIN_PREFIX}/php`,
        rules: rulesOf(clients, names, 'php'),
      },
    ],
    'recommended-legacy': { plugins: [PLUGIN_PREFIX], ...LEGACY_PARSING, rules: rulesOf(clients, names, 'js') },
  };
}
