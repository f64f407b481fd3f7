import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../config/config';
import { checkSetup, checkWrappers, DeclError } from '../config/declared';
import type { SeveritySetting } from '../model/severity';
import type { RuleContext } from './types';

/** A rule's options, after settings are merged in. */
export interface RuleOptions {
  fix: 'suggest' | 'auto';
  connectTimeout: number;
  totalTimeout: number;
  missingConnectTimeout: SeveritySetting;
  wrappers: unknown[];
  /** Setup modules, absolute paths. */
  setup: string[];
  baseline?: string;
}

// ESLint validates with JSON Schema draft-04, where exclusiveMinimum is a boolean: 1 ms is the least value.
const SECONDS = { type: 'number', minimum: 0.001, maximum: 86400 };
const CALL = { type: 'string', minLength: 1 };

/** The JSON schema of a rule's one options object. */
export const OPTIONS_SCHEMA = [
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      fix: { enum: ['suggest', 'auto'], description: 'suggest: repairs are editor suggestions; auto: --fix applies them' },
      connectTimeout: { ...SECONDS, description: 'seconds a repair writes for the connect timeout' },
      totalTimeout: { ...SECONDS, description: 'seconds a repair writes for the total timeout' },
      missingConnectTimeout: { enum: ['off', 'warn', 'error'], description: 'off: connect-only findings are not reported' },
      wrappers: {
        type: 'array',
        items: {
          oneOf: [
            CALL,
            { type: 'object', additionalProperties: false, required: ['call'], properties: { call: CALL, language: { enum: ['php', 'js'] } } },
          ],
        },
      },
      setup: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'JS/TS modules that run before every other (relative to the cwd): the defaults they set count everywhere',
      },
      baseline: { type: 'string', minLength: 1, description: 'baseline file: findings it holds are not reported' },
    },
  },
];

/** ESLint settings the rules read (shared by all rules of the plugin). */
export const SETTINGS = { baseline: 'http-timeout/baseline', wrappers: 'http-timeout/wrappers', setup: 'http-timeout/setup' } as const;

function cwdOf(context: RuleContext): string {
  return context.cwd ?? context.getCwd?.() ?? process.cwd();
}

// ESLint checks rule options against OPTIONS_SCHEMA but never settings: a baseline of 42 would be dropped
// unseen and '' fail as EISDIR, so a setting the rule uses is checked here, and the error names the setting.
function settingOf(settings: Record<string, unknown>, key: keyof typeof SETTINGS): unknown {
  const value = settings[SETTINGS[key]];
  if (value === undefined) return undefined;
  declared(() => {
    if (key === 'wrappers') checkWrappers(SETTINGS.wrappers, value);
    if (key === 'setup') checkSetup(SETTINGS.setup, value, DEFAULT_CONFIG.extensions.js, '.');
  });
  if (key === 'baseline' && (typeof value !== 'string' || !value)) {
    throw new Error(`http-timeout: setting "${SETTINGS.baseline}" must be the path of a baseline file, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** Runs a check of declarations; its error names the key, as a config file's does. */
function declared<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof DeclError) throw new Error(`http-timeout: "${err.key}" ${err.message}`);
    throw err;
  }
}

/** The rule's options with defaults, settings below the rule's own options; the baseline path made absolute. */
export function readOptions(context: RuleContext): RuleOptions {
  const own = (context.options[0] ?? {}) as Partial<RuleOptions>;
  const settings = context.settings ?? {};
  const baseline = own.baseline ?? (settingOf(settings, 'baseline') as string | undefined);
  const wrappers = own.wrappers ?? (settingOf(settings, 'wrappers') as unknown[] | undefined) ?? [];
  const setup = own.setup ?? (settingOf(settings, 'setup') as string[] | undefined) ?? [];
  return {
    fix: own.fix ?? 'suggest',
    connectTimeout: own.connectTimeout ?? DEFAULT_CONFIG.fix.connectTimeout,
    totalTimeout: own.totalTimeout ?? DEFAULT_CONFIG.fix.totalTimeout,
    missingConnectTimeout: own.missingConnectTimeout ?? 'warn',
    wrappers,
    setup: declared(() => checkSetup('setup', setup, DEFAULT_CONFIG.extensions.js, cwdOf(context))),
    ...(typeof baseline === 'string' && { baseline: isAbsolute(baseline) ? baseline : resolve(cwdOf(context), baseline) }),
  };
}

const configs = new Map<string, ResolvedConfig>();

/**
 * A setup module that cannot be read is said once, on stderr, as the CLI does; linting goes on without it (the
 * engine reads it again for each file, so one made later counts).
 */
function noteUnreadable(path: string): void {
  try {
    readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    process.stderr.write(`http-timeout: setup module ${path} cannot be read (${code}); linting goes on without it\n`);
  }
}

// Every finding is kept (severity is ESLint's business); the rule then picks its own and applies
// `missingConnectTimeout`.
/** The pipeline config for these options, and a key that names it. */
export function configFor(options: RuleOptions): { key: string; config: ResolvedConfig } {
  const key = JSON.stringify([options.connectTimeout, options.totalTimeout, options.wrappers, options.setup]);
  let config = configs.get(key);
  if (!config) {
    const wrappers = declared(() => checkWrappers('wrappers', options.wrappers));
    for (const path of options.setup) noteUnreadable(path);
    config = {
      ...structuredClone(DEFAULT_CONFIG),
      missingConnectTimeout: 'error',
      fix: { connectTimeout: options.connectTimeout, totalTimeout: options.totalTimeout },
      wrappers,
      setup: options.setup,
    };
    configs.set(key, config);
  }
  return { key, config };
}

/** The config of a rule with no options; the PHP language lints with it when it parses a file. */
export const DEFAULT_PIPELINE = configFor(readOptions({ options: [], report: () => undefined }));
