import { readFileSync, statSync } from 'node:fs';
import { CLIENTS } from '../../rules/index';
import type { Language } from '../engines/registry';
import { phpWithoutComments } from './php-code';
import { candidatesOf, RELATIVE_SPECIFIER } from './relative-imports';

const cache = new Map<Language, RegExp>();

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentionsOf(language: Language): RegExp {
  let re = cache.get(language);
  if (!re) {
    const words = CLIENTS.filter((c) => c.language === language).flatMap((c) => c.mentions);
    re = words.length ? new RegExp(words.map(escape).join('|'), language === 'php' ? 'i' : '') : /$^/;
    cache.set(language, re);
  }
  return re;
}

/**
 * A cheap, sound test: a file that mentions none of its language's client words cannot hold a finding.
 * PHP names are case-insensitive, so its test is too. In PHP a word only in comments does not count (licence
 * headers and doc links name "http://" in half of all files); JS comments are kept, as telling a regular
 * expression from a division needs a parser.
 */
export function mayHoldFinding(language: Language, text: string): boolean {
  const re = mentionsOf(language);
  if (!re.test(text)) return false;
  return language !== 'php' || re.test(phpWithoutComments(text));
}

interface ModuleFacts {
  stamp: string;
  mentions: boolean;
  specifiers: string[];
}

const facts = new Map<string, ModuleFacts | null>();
const MAX_MODULES = 256;

function factsOf(path: string, mentions: (text: string) => boolean): ModuleFacts | null {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const known = facts.get(path);
  if (known?.stamp === stamp) return known;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const f = { stamp, mentions: mentions(text), specifiers: [...text.matchAll(RELATIVE_SPECIFIER)].map((m) => m[2]!) };
  facts.set(path, f);
  return f;
}

/**
 * True when a module that `file` imports by a relative path, followed transitively, passes `mentions`:
 * the JS engine follows such imports, so `module.exports = require('axios')` hands the client on.
 */
export function importsMayHold(file: string, text: string, mentions: (text: string) => boolean): boolean {
  const seen = new Set<string>([file]);
  const queue: [string, string[]][] = [[file, [...text.matchAll(RELATIVE_SPECIFIER)].map((m) => m[2]!)]];
  while (queue.length) {
    const [from, specifiers] = queue.shift()!;
    for (const spec of specifiers) {
      for (const candidate of candidatesOf(from, spec)) {
        const f = factsOf(candidate, mentions);
        if (!f) continue;
        if (!seen.has(candidate)) {
          if (f.mentions) return true;
          if (seen.size >= MAX_MODULES) return true; // past the bound, assume the worst
          seen.add(candidate);
          queue.push([candidate, f.specifiers]);
        }
        break;
      }
    }
  }
  return false;
}
