import type { SeveritySetting } from '../model/severity';
import { CLIENTS } from '../../rules/index';
import { ruleIdsLike } from '../core/rule-ids';
import { checkClients, checkSetup, checkWrappers, DeclError, type ClientDecl, type WrapperDecl } from './declared';

/** The config file as written by the user (http-timeout-lint.config.json). */
export interface UserConfig {
  rules?: Record<string, SeveritySetting>;
  missingConnectTimeout?: SeveritySetting;
  ignorePatterns?: string[];
  fix?: { connectTimeout?: number; totalTimeout?: number };
  extensions?: { php?: string[]; js?: string[] };
  maxFileSize?: number;
  wrappers?: (string | { call: string; language?: 'php' | 'js' })[];
  clients?: { call: string; like: string; optionsArg?: number }[];
  setup?: string[];
}

export interface ResolvedConfig {
  rules: Record<string, SeveritySetting>;
  missingConnectTimeout: SeveritySetting;
  ignorePatterns: string[];
  fix: { connectTimeout: number; totalTimeout: number };
  extensions: { php: string[]; js: string[] };
  maxFileSize: number;
  wrappers: WrapperDecl[];
  clients: ClientDecl[];
  /** JS/TS modules that run before every other module (absolute paths): their process-wide defaults count everywhere. */
  setup: string[];
}

export class ConfigError extends Error {}

const SEVERITIES: readonly string[] = ['off', 'warn', 'error'];
const TOP_KEYS = ['$schema', 'rules', 'missingConnectTimeout', 'ignorePatterns', 'fix', 'extensions', 'maxFileSize', 'wrappers', 'clients', 'setup'];

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: Object.fromEntries(CLIENTS.map((c) => [c.id, 'error' as const])),
  missingConnectTimeout: 'warn',
  ignorePatterns: [],
  // contract: default fix values are connect 10 s, total 30 s.
  fix: { connectTimeout: 10, totalTimeout: 30 },
  extensions: {
    // `.inc` (includes of older PHP code) and Drupal's `.module`, `.install`, `.theme`: PHP where they open `<?php`;
    // another language's file of the same name reads as inline HTML, with no code and so no finding.
    php: ['.php', '.phtml', '.inc', '.module', '.install', '.theme'],
    js: ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.vue', '.svelte', '.astro'],
  },
  maxFileSize: 5 * 1024 * 1024,
  wrappers: [],
  clients: [],
  setup: [],
};

function fail(where: string, key: string, why: string): never {
  throw new ConfigError(`${where}: "${key}" ${why}`);
}

function checkSeverity(where: string, key: string, value: unknown): SeveritySetting {
  if (typeof value === 'string' && SEVERITIES.includes(value)) return value as SeveritySetting;
  return fail(where, key, `must be "off", "warn" or "error", not ${JSON.stringify(value)}`);
}

function checkSeconds(where: string, key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 86_400) return value;
  return fail(where, key, `must be a number of seconds above 0 and at most 86400, not ${JSON.stringify(value)}`);
}

function checkStrings(where: string, key: string, value: unknown): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return value as string[];
  return fail(where, key, 'must be an array of non-empty strings');
}

function checkObject(where: string, key: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, key || '(top level)', 'must be an object');
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) fail(where, key ? `${key}.${k}` : k, `is not a known key (known: ${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

/**
 * Validates a parsed config object and merges it over the defaults; errors name the bad key. Paths it holds
 * (`setup`) are relative to `baseDir`, the config file's folder.
 */
export function resolveConfig(raw: unknown, where: string, baseDir = '.'): ResolvedConfig {
  const user = checkObject(where, '', raw, TOP_KEYS);
  const out: ResolvedConfig = structuredClone(DEFAULT_CONFIG);
  if (user.rules !== undefined) {
    const ids = CLIENTS.map((c) => c.id);
    // The ESLint rule's name or the client's alone is the likeliest slip: name the id it means, not all thirty.
    for (const k of typeof user.rules === 'object' && user.rules !== null ? Object.keys(user.rules) : []) {
      const like = ids.includes(k) ? [] : ruleIdsLike(k);
      if (like.length) fail(where, `rules.${k}`, `is not a rule id; did you mean ${like.map((id) => `"${id}"`).join(' or ')}?`);
    }
    for (const [id, value] of Object.entries(checkObject(where, 'rules', user.rules, ids))) {
      out.rules[id] = checkSeverity(where, `rules.${id}`, value);
    }
  }
  if (user.missingConnectTimeout !== undefined) {
    out.missingConnectTimeout = checkSeverity(where, 'missingConnectTimeout', user.missingConnectTimeout);
  }
  if (user.ignorePatterns !== undefined) out.ignorePatterns = checkStrings(where, 'ignorePatterns', user.ignorePatterns);
  if (user.fix !== undefined) {
    const fix = checkObject(where, 'fix', user.fix, ['connectTimeout', 'totalTimeout']);
    if (fix.connectTimeout !== undefined) out.fix.connectTimeout = checkSeconds(where, 'fix.connectTimeout', fix.connectTimeout);
    if (fix.totalTimeout !== undefined) out.fix.totalTimeout = checkSeconds(where, 'fix.totalTimeout', fix.totalTimeout);
  }
  if (user.extensions !== undefined) {
    const ext = checkObject(where, 'extensions', user.extensions, ['php', 'js']);
    for (const lang of ['php', 'js'] as const) {
      if (ext[lang] === undefined) continue;
      const list = checkStrings(where, `extensions.${lang}`, ext[lang]);
      for (const e of list) if (!/^\.[\w.-]+$/.test(e)) fail(where, `extensions.${lang}`, `has "${e}", which is not an extension like ".inc"`);
      out.extensions[lang] = [...new Set([...out.extensions[lang], ...list.map((e) => e.toLowerCase())])];
    }
    // A file has one language: ".js" listed for PHP would silently turn every JS file into PHP (PHP is asked first).
    for (const lang of ['php', 'js'] as const) {
      const other = lang === 'php' ? 'js' : 'php';
      const taken = out.extensions[lang].find((e) => out.extensions[other].includes(e));
      if (taken !== undefined && ext[lang] !== undefined) fail(where, `extensions.${lang}`, `has "${taken}", which is a ${other} extension`);
    }
  }
  if (user.maxFileSize !== undefined) {
    const n = user.maxFileSize;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail(where, 'maxFileSize', 'must be a positive whole number of bytes');
    out.maxFileSize = n;
  }
  try {
    if (user.wrappers !== undefined) out.wrappers = checkWrappers('wrappers', user.wrappers);
    if (user.clients !== undefined) out.clients = checkClients('clients', user.clients);
    if (user.setup !== undefined) out.setup = checkSetup('setup', user.setup, out.extensions.js, baseDir);
  } catch (err) {
    if (err instanceof DeclError) fail(where, err.key, err.message);
    throw err;
  }
  return out;
}
