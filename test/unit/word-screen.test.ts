import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';
import { describe, expect, test } from 'vitest';
import { WordScreen, type WordPattern } from '../../src/catalogue/word-screen';

const PATTERNS: WordPattern[] = [
  { words: ['fetch', 'axios'], pattern: '(?<![.\\w$])(?:fetch|axios)(?![\\w$])' },
  { words: ['fetch'], pattern: '(?<=\\.\\s*)fetch\\s*\\(' },
  { words: ['from'], pattern: `\\bfrom\\s*['"]got['"]` },
  { words: ['$.ajax'], pattern: '\\$\\.ajax' },
];
const regex = new RegExp(PATTERNS.map((p) => p.pattern).join('|'));
const screen = new WordScreen(PATTERNS);

describe('WordScreen: says what one regular expression of its patterns says', () => {
  test.for([
    ['fetch(u)', true],
    ['x = fetch', true],
    ['prefetch(u)', false],
    ['fetcher(u)', false],
    ['a.fetch', false],
    ['a. fetch (u)', true],
    ['a.\n  fetch(u)', true],
    ['import x from "got"', true],
    ['import x from "gotcha"', false],
    ['fro', false],
    ['fetc', false],
    ['', false],
    ['$.ajax({})', true],
    ['$.aja', false],
    ['é fetch', true],
    ['éfetch', true],
    ['ﬀ axiosé', true],
    ['axios$', false],
    ['from from "got"', true],
    ['axio axios', true],
  ] as const)('%j: %s', ([text, expected]) => {
    expect(regex.test(text)).toBe(expected);
    expect(screen.test(text)).toBe(expected);
  });

  test('the same answer as the regular expression on every fixture, whole and at every cut', () => {
    const root = path.resolve(__dirname, '../..');
    const files = globSync('fixtures/**/*.{js,ts,mjs,cjs,jsx,tsx,vue,svelte,php}', { cwd: root });
    expect(files.length).toBeGreaterThan(100);
    let matched = 0;
    for (const f of files) {
      const text = readFileSync(path.join(root, f), 'utf8');
      for (const part of [text, text.slice(0, text.length >> 1), text.slice(text.length >> 1)]) {
        expect(screen.test(part), f).toBe(regex.test(part));
      }
      if (regex.test(text)) matched++;
    }
    expect(matched).toBeGreaterThan(50);
  });

  test('a word shorter than three ASCII characters is refused when the screen is made', () => {
    expect(() => new WordScreen([{ words: ['$f'], pattern: '\\$f' }])).toThrow(/three ASCII characters/);
    expect(() => new WordScreen([{ words: ['éfetch'], pattern: 'éfetch' }])).toThrow(/three ASCII characters/);
  });
});
