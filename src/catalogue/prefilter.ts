import { CLIENTS } from '../../rules/index';
import type { Language } from '../engines/registry';
import { phpWithoutComments } from './php-code';
import { importsMention } from './import-graph';

/** One word of `any`, or one word of each half of a pair (a URL scheme and a stream function). */
interface MentionTest {
  any: RegExp;
  pairs: [RegExp, RegExp][];
}

const cache = new Map<Language, MentionTest>();

/** A word as a pattern; one that ends in `(` is a call, so blanks may come before the parenthesis. */
function escape(word: string): string {
  const call = word.endsWith('(');
  const plain = (call ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return call ? `${plain}\\s*\\(` : plain;
}

function mentionsOf(language: Language): MentionTest {
  let test = cache.get(language);
  if (!test) {
    const flags = language === 'php' ? 'i' : '';
    const oneOf = (words: readonly string[]) => (words.length ? new RegExp(words.map(escape).join('|'), flags) : /$^/);
    const clients = CLIENTS.filter((c) => c.language === language);
    test = {
      any: oneOf(clients.filter((c) => !c.alsoMentions).flatMap((c) => c.mentions)),
      pairs: clients.filter((c) => c.alsoMentions).map((c) => [oneOf(c.mentions), oneOf(c.alsoMentions!)]),
    };
    cache.set(language, test);
  }
  return test;
}

function mentions(test: MentionTest, text: string): boolean {
  return test.any.test(text) || test.pairs.some(([a, b]) => a.test(text) && b.test(text));
}

/**
 * A cheap, sound test: a file that mentions none of its language's client words cannot hold a finding.
 * PHP names are case-insensitive, so its test is too. In PHP a word only in comments does not count (licence
 * headers and doc links name "http://" in half of all files); JS comments are kept, as telling a regular
 * expression from a division needs a parser.
 */
export function mayHoldFinding(language: Language, text: string): boolean {
  const test = mentionsOf(language);
  if (!mentions(test, text)) return false;
  return language !== 'php' || mentions(test, phpWithoutComments(text));
}

/**
 * True when a module that `file` imports by a relative path, followed transitively, passes `mentions` (named
 * by `key`): the JS engine follows such imports, so `module.exports = require('axios')` hands the client on.
 */
export function importsMayHold(file: string, text: string, mentions: (text: string) => boolean, key = ''): boolean {
  return importsMention(file, text, `prefilter:${key}`, mentions);
}
