import { describe, expect, test, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { fixText } from '../../src/core/lint';
import { mapOffset } from '../../src/fix/apply';
import type { Engine, Finding } from '../../src/model/finding';

// A PHP engine whose findings the test decides: `stuck()` is reported with a fix that adds a line and does not
// clear it (a false report that carries a fix); `once()` is cleared by its fix; `twice(0)` is reported by two
// findings whose fixes touch the same text, so the second waits for a later pass; `step(0)` takes three passes,
// its finding staying where it is with a new fix each time.
const fake: Engine = {
  language: 'php',
  lint(text) {
    const findings: Finding[] = [];
    for (const m of text.matchAll(/\bstuck\(\);/g)) {
      const end = m.index + m[0].length;
      findings.push({ ruleId: 'php/curl', messageId: 'missingTimeout', range: [m.index, end - 1], data: {}, fix: { range: [end, end], text: '\nadded();' } });
    }
    for (const m of text.matchAll(/\bonce\(\);/g)) {
      findings.push({ ruleId: 'php/curl', messageId: 'missingTimeout', range: [m.index, m.index + 4], data: {}, fix: { range: [m.index, m.index + 4], text: 'done' } });
    }
    for (const m of text.matchAll(/\btwice\((\d)\);/g)) {
      const digit = m.index + 6;
      if (m[1] === '0') findings.push({ ruleId: 'php/curl', messageId: 'disabledTimeout', range: [m.index, m.index + 5], data: {}, fix: { range: [digit, digit + 1], text: '1' } });
      if (m[1] !== '2') findings.push({ ruleId: 'php/curl', messageId: 'missingConnectTimeout', range: [m.index, m.index + 5], data: {}, fix: { range: [digit, digit + 1], text: '2' } });
    }
    // `pair(0, 0)`: one finding with the same fix text for each of two places, the first, then the second.
    for (const m of text.matchAll(/\bpair\((\d), (\d)\);/g)) {
      const at = m[1] === '0' ? m.index + 5 : m[2] === '0' ? m.index + 8 : -1;
      if (at >= 0) findings.push({ ruleId: 'php/curl', messageId: 'disabledTimeout', range: [m.index, m.index + 4], data: {}, fix: { range: [at, at + 1], text: '9' } });
    }
    // `wrap(x);`: a fix that wraps the argument (`x` → `(x ?: y)`) and does not clear its finding.
    for (const m of text.matchAll(/\bwrap\((.*)\);/g)) {
      const from = m.index + 5;
      findings.push({ ruleId: 'php/stream', messageId: 'missingTimeout', range: [m.index, m.index + 4], data: {}, fix: { range: [from, from + m[1]!.length], text: `(${m[1]} ?: y)` } });
    }
    for (const m of text.matchAll(/\bstep\((\d)\);/g)) {
      const digit = m.index + 5;
      if (m[1] === '3') continue;
      findings.push({ ruleId: 'php/curl', messageId: 'missingTimeout', range: [m.index, m.index + 4], data: {}, fix: { range: [digit, digit + 1], text: String(Number(m[1]) + 1) } });
    }
    return { findings };
  },
};

vi.mock('../../src/engines/registry', async (original) => {
  const real = await original<typeof import('../../src/engines/registry')>();
  return { ...real, engineFor: (language: 'php' | 'js') => (language === 'php' ? fake : real.engineFor(language)) };
});

const file = '/src/app.php';
const count = (text: string, word: string): number => text.split(word).length - 1;
const run = (text: string) => fixText(text, file, DEFAULT_CONFIG, { triaged: true });

describe('fixText', () => {
  test('a fix that does not clear its finding is applied once, and the finding stays, with no fix', () => {
    const { output, messages } = run('<?php\nstuck();\nrun();\n');
    expect(count(output, 'added();')).toBe(1);
    expect(output).toBe('<?php\nstuck();\nadded();\nrun();\n');
    expect(messages.map((m) => [m.line, m.messageId, !!m.fix])).toEqual([[2, 'missingTimeout', false]]);
  });

  test('each of two findings that stay gets its one insertion, beside a finding its fix clears', () => {
    const { output, messages } = run('<?php\nstuck();\nonce();\nstuck();\n');
    expect(output).toBe('<?php\nstuck();\nadded();\ndone();\nstuck();\nadded();\n');
    expect(messages.map((m) => m.line)).toEqual([2, 5]);
  });

  test('fixes that wait for a later pass because they touch text another fix changed still apply', () => {
    const { output, messages } = run('<?php\ntwice(0);\n');
    expect(output).toBe('<?php\ntwice(2);\n');
    expect(messages).toEqual([]);
  });

  test('a finding that stays where it is with the same fix text for another place is fixed on', () => {
    const { output, messages } = run('<?php\npair(0, 0);\n');
    expect(output).toBe('<?php\npair(9, 9);\n');
    expect(messages).toEqual([]);
  });

  test('a fix that wraps what its last one wrote, its finding staying, is applied once', () => {
    const { output, messages } = run('<?php\nwrap(x);\n');
    expect(output).toBe('<?php\nwrap((x ?: y));\n');
    expect(messages.map((m) => [m.line, m.messageId, !!m.fix])).toEqual([[2, 'missingTimeout', false]]);
  });

  test('a finding that stays where it is with a new fix each pass is fixed on', () => {
    const { output, messages } = run('<?php\nstep(0);\n');
    expect(output).toBe('<?php\nstep(3);\n');
    expect(messages).toEqual([]);
  });
});

describe('mapOffset', () => {
  const done = [
    { range: [2, 2] as [number, number], text: 'xyz' },
    { range: [5, 8] as [number, number], text: 'A' },
  ];
  test('follows an offset past insertions and replacements', () => {
    expect(mapOffset(0, done)).toBe(0);
    expect(mapOffset(2, done)).toBe(5);
    expect(mapOffset(5, done)).toBe(8);
    expect(mapOffset(9, done)).toBe(10);
  });
  test('an offset inside replaced text has no place', () => {
    expect(mapOffset(6, done)).toBeNull();
  });
});
