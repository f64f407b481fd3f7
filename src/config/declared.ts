import { extname, resolve } from 'node:path';
import type { ClientSpec } from '../catalogue/define-client';
import { CLIENTS } from '../../rules/index';

type Lang = 'php' | 'js';

/** A function or method that always bounds the requests made through it: calls to it are never reported. */
export interface WrapperDecl {
  call: string;
  /** null: the call is matched in both languages. */
  language: Lang | null;
}

/** An in-house client checked like a catalogue client: `like` is that client's rule id. */
export interface ClientDecl {
  call: string;
  like: string;
  language: Lang;
  optionsArg?: number;
}

/** Why a declaration is wrong; the caller adds where it was found. */
export class DeclError extends Error {
  constructor(readonly key: string, why: string) {
    super(why);
  }
}

// PHP: fn, \Ns\fn, Class::method, \Ns\Class::method, ->method. JS: fn, obj.method, a.b.c, .method.
const PHP_CALL = /^(?:\\?(?:[A-Za-z_]\w*\\)*[A-Za-z_]\w*(?:::[A-Za-z_]\w*)?|->[A-Za-z_]\w*)$/;
const JS_CALL = /^\.?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** The language a call is written in, from its syntax; null when it reads as either. */
export function languageOfCall(call: string): Lang | null {
  if (/::|->|\\/.test(call)) return 'php';
  if (call.includes('.')) return 'js';
  return null;
}

function checkCall(key: string, value: unknown, language: Lang | null): string {
  if (typeof value !== 'string' || value === '') throw new DeclError(key, 'must be a non-empty string');
  const ok = language === 'php' ? PHP_CALL.test(value) : language === 'js' ? JS_CALL.test(value) : PHP_CALL.test(value) || JS_CALL.test(value);
  if (!ok) {
    throw new DeclError(key, `"${value}" is not a call name like "fn", "Class::method", "->method" (PHP) or "obj.method", ".method" (JS)`);
  }
  return value;
}

function checkLanguage(key: string, value: unknown): Lang | undefined {
  if (value === undefined) return undefined;
  if (value === 'php' || value === 'js') return value;
  throw new DeclError(key, `must be "php" or "js", not ${JSON.stringify(value)}`);
}

function checkKeys(key: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DeclError(key, 'must be an object');
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) throw new DeclError(`${key}.${k}`, `is not a known key (known: ${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

function list(key: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new DeclError(key, 'must be an array');
  return value;
}

/** Validates `wrappers`: each entry a call name, or `{ call, language? }`. */
export function checkWrappers(key: string, value: unknown): WrapperDecl[] {
  return list(key, value).map((item, i) => {
    const at = `${key}[${i}]`;
    if (typeof item === 'string') return { call: checkCall(at, item, null), language: languageOfCall(item) };
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new DeclError(at, 'must be a string or an object');
    const o = checkKeys(at, item, ['call', 'language']);
    const language = checkLanguage(`${at}.language`, o.language) ?? null;
    const call = checkCall(`${at}.call`, o.call, language);
    return { call, language: language ?? languageOfCall(call) };
  });
}

function likeClient(key: string, value: unknown): { id: string; language: Lang } {
  const known = CLIENTS.map((c) => c.id);
  if (typeof value === 'string') {
    const matches = CLIENTS.filter((c) => c.id === value || c.id.slice(c.id.indexOf('/') + 1) === value);
    if (matches.length === 1) return { id: matches[0]!.id, language: matches[0]!.language };
    if (matches.length > 1) throw new DeclError(key, `"${value}" names clients of two languages; write one of ${matches.map((c) => c.id).join(', ')}`);
  }
  if (value === undefined) throw new DeclError(key, `is missing; name a known client (known: ${known.join(', ')})`);
  throw new DeclError(key, `must name a known client (known: ${known.join(', ')}), not ${JSON.stringify(value)}`);
}

const LANGUAGE_NAME: Record<Lang, string> = { php: 'PHP', js: 'JS' };
const OPTIONS_SHAPE: Record<Lang, string> = { php: 'an options array', js: 'an options object' };

/**
 * Whether a client can be a `like` target: its requests are judged by an options argument. Clients bounded by a
 * handle followed through statements (curl, XHR) or by chained calls (superagent, Angular's pipe) have none.
 */
export function declarable(spec: ClientSpec): boolean {
  return spec.language === 'php' ? spec.special === 'options-client' : !spec.special && spec.fix.kind === 'insertOption';
}

// The call's own syntax decides first: a PHP name under a JS client is a mismatch, not a bad name.
function checkClientCall(key: string, value: unknown, like: { id: string; language: Lang }): string {
  const written = typeof value === 'string' ? languageOfCall(value) : null;
  if (written && written !== like.language) {
    throw new DeclError(key, `"${value as string}" is a ${LANGUAGE_NAME[written]} call, but "like" names a ${LANGUAGE_NAME[like.language]} client (${like.id}); the languages must match`);
  }
  const call = checkCall(key, value, like.language);
  if (like.language === 'php' && call.startsWith('->')) throw new DeclError(key, 'a PHP client is declared as "function" or "Class::method"');
  return call;
}

/** Validates `clients`: `{ call, like, optionsArg? }`, `like` naming a catalogue client of the same language. */
export function checkClients(key: string, value: unknown): ClientDecl[] {
  return list(key, value).map((item, i) => {
    const at = `${key}[${i}]`;
    const o = checkKeys(at, item, ['call', 'like', 'optionsArg']);
    const like = likeClient(`${at}.like`, o.like);
    if (!declarable(CLIENTS.find((c) => c.id === like.id)!)) {
      const ok = CLIENTS.filter((c) => c.language === like.language && declarable(c)).map((c) => c.id);
      const lang = LANGUAGE_NAME[like.language];
      throw new DeclError(`${at}.like`, `"${like.id}" is not configured by ${OPTIONS_SHAPE[like.language]}; a ${lang} client can be declared like ${ok.join(', ')}`);
    }
    const call = checkClientCall(`${at}.call`, o.call, like);
    const out: ClientDecl = { call, like: like.id, language: like.language };
    if (o.optionsArg !== undefined) {
      if (typeof o.optionsArg !== 'number' || !Number.isInteger(o.optionsArg) || o.optionsArg < 0 || o.optionsArg > 20) {
        throw new DeclError(`${at}.optionsArg`, 'must be a whole number from 0 to 20 (the index of the options argument)');
      }
      out.optionsArg = o.optionsArg;
    }
    return out;
  });
}

// A component (.vue, .svelte, .astro) is no module that runs first: a bundler imports its script blocks.
const COMPONENTS = ['.vue', '.svelte', '.astro'];

/** Validates `setup`: paths of JS/TS modules (by extension, of `js`), made absolute from `baseDir`. */
export function checkSetup(key: string, value: unknown, js: readonly string[], baseDir: string): string[] {
  const modules = js.filter((e) => !COMPONENTS.includes(e));
  return list(key, value).map((item, i) => {
    if (typeof item !== 'string' || item === '') throw new DeclError(`${key}[${i}]`, 'must be a non-empty string (a path)');
    if (!modules.includes(extname(item).toLowerCase())) throw new DeclError(`${key}[${i}]`, `"${item}" is not a JS/TS module (${modules.join(', ')})`);
    return resolve(baseDir, item);
  });
}
