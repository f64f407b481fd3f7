import { CLIENTS } from '../../rules/index';
import type { Language } from '../engines/registry';
import { phpWithoutComments } from './php-code';
import { importsMention } from './import-graph';

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

/**
 * True when a module that `file` imports by a relative path, followed transitively, passes `mentions` (named
 * by `key`): the JS engine follows such imports, so `module.exports = require('axios')` hands the client on.
 */
export function importsMayHold(file: string, text: string, mentions: (text: string) => boolean, key = ''): boolean {
  return importsMention(file, text, `prefilter:${key}`, mentions);
}
