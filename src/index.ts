import { plugin } from './eslint/plugin';

// Node's `import { configs } from 'eslint-plugin-http-timeout'` finds a CommonJS module's names by reading its
// code, and `export =` emits `module.exports = plugin_1.plugin`, which names nothing. This never-run line is
// the literal it reads (as esbuild writes for Node); the exports stay the plugin itself, whose identity
// ESLint checks when a config registers it again.
const { meta, rules, languages, configs } = plugin;
0 && (module.exports = { meta, rules, languages, configs });

export = plugin;
