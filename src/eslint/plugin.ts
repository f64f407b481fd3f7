import { CLIENTS } from '../../rules/index';
import { PACKAGE } from '../package-info';
import { configsOf } from './configs';
import { phpLanguage } from './php-language';
import { createRule } from './rule';
import { PLUGIN_PREFIX, ruleNamesOf } from './rule-names';
import type { RuleModule } from './types';

const names = ruleNamesOf(CLIENTS);

/** One rule per client of the catalogue, named as `ruleNamesOf` says. */
export const rules: Record<string, RuleModule> = Object.fromEntries(CLIENTS.map((c) => [names.get(c.id)!, createRule(c)]));

/** ESLint rule name (without the plugin prefix) per client id: `php/curl` -> `curl`. */
export const ruleNames: ReadonlyMap<string, string> = names;

/** The ESLint plugin: rules, the PHP language, and the `recommended` / `recommended-legacy` configs. */
export const plugin = {
  meta: { name: PACKAGE.name, version: PACKAGE.version, namespace: PLUGIN_PREFIX },
  rules,
  languages: { php: phpLanguage },
  configs: {} as ReturnType<typeof configsOf>,
};

plugin.configs = configsOf(plugin, CLIENTS, names);
