import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../config/config';
import { checkWrappers, DeclError } from '../config/declared';
import type { SeveritySetting } from '../model/severity';
import type { RuleContext } from './types';

/** A rule's options, after settings are merged in. */
export interface RuleOptions {
  fix: 'suggest' | 'auto';
  connectTimeout: number;
  totalTimeout: number;
  missingConnectTimeout: SeveritySetting;
  wrappers: unknown[];
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
      baseline: { type: 'string', minLength: 1, description: 'baseline file: findings it holds are not reported' },
    },
  },
];

/** ESLint settings the rules read (shared by all rules of the plugin). */
export const SETTINGS = { baseline: 'http-timeout/baseline', wrappers: 'http-timeout/wrappers' } as const;

function cwdOf(context: RuleContext): string {
  return context.cwd ?? context.getCwd?.() ?? process.cwd();
}

// ESLint checks rule options against OPTIONS_SCHEMA but never settings: a baseline of 42 would be dropped
// unseen and '' fail as EISDIR, so a setting the rule uses is checked here, and the error names the setting.
function settingOf(settings: Record<string, unknown>, key: keyof typeof SETTINGS): unknown {
  const value = settings[SETTINGS[key]];
  if (value === undefined) return undefined;
  try {
    if (key === 'wrappers') checkWrappers(SETTINGS.wrappers, value);
  } catch (err) {
    if (err instanceof DeclError) throw new Error(`http-timeout: "${err.key}" ${err.message}`);
    throw err;
  }
  if (key === 'baseline' && (typeof value !== 'string' || !value)) {
    throw new Error(`http-timeout: setting "${SETTINGS.baseline}" must be the path of a baseline file, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** The rule's options with defaults, settings below the rule's own options; the baseline path made absolute. */
export function readOptions(context: RuleContext): RuleOptions {
  const own = (context.options[0] ?? {}) as Partial<RuleOptions>;
  const settings = context.settings ?? {};
  const baseline = own.baseline ?? (settingOf(settings, 'baseline') as string | undefined);
  const wrappers = own.wrappers ?? (settingOf(settings, 'wrappers') as unknown[] | undefined) ?? [];
  return {
    fix: own.fix ?? 'suggest',
    connectTimeout: own.connectTimeout ?? DEFAULT_CONFIG.fix.connectTimeout,
    totalTimeout: own.totalTimeout ?? DEFAULT_CONFIG.fix.totalTimeout,
    missingConnectTimeout: own.missingConnectTimeout ?? 'warn',
    wrappers,
    ...(typeof baseline === 'string' && { baseline: isAbsolute(baseline) ? baseline : resolve(cwdOf(context), baseline) }),
  };
}

const configs = new Map<string, ResolvedConfig>();

// Every finding is kept (severity is ESLint's business); the rule then picks its own and applies
// `missingConnectTimeout`.
/** The pipeline config for these options, and a key that names it. */
export function configFor(options: RuleOptions): { key: string; config: ResolvedConfig } {
  const key = JSON.stringify([options.connectTimeout, options.totalTimeout, options.wrappers]);
  let config = configs.get(key);
  if (!config) {
    let wrappers;
    try {
      wrappers = checkWrappers('wrappers', options.wrappers);
    } catch (err) {
      if (err instanceof DeclError) throw new Error(`http-timeout: "${err.key}" ${err.message}`);
      throw err;
    }
    config = {
      ...structuredClone(DEFAULT_CONFIG),
      missingConnectTimeout: 'error',
      fix: { connectTimeout: options.connectTimeout, totalTimeout: options.totalTimeout },
      wrappers,
    };
    configs.set(key, config);
  }
  return { key, config };
}

/** The config of a rule with no options; the PHP language lints with it when it parses a file. */
export const DEFAULT_PIPELINE = configFor(readOptions({ options: [], report: () => undefined }));
