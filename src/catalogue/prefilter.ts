import { CLIENTS } from '../../rules/index';
import type { Language } from '../engines/registry';

const cache = new Map<Language, RegExp>();

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A cheap, sound test: a file that mentions none of its language's client words cannot hold a finding.
 * PHP names are case-insensitive, so its test is too.
 */
export function mayHoldFinding(language: Language, text: string): boolean {
  let re = cache.get(language);
  if (!re) {
    const words = CLIENTS.filter((c) => c.language === language).flatMap((c) => c.mentions);
    re = words.length ? new RegExp(words.map(escape).join('|'), language === 'php' ? 'i' : '') : /$^/;
    cache.set(language, re);
  }
  return re.test(text);
}
