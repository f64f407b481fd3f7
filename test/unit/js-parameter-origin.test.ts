import { describe, expect, test } from 'vitest';
import { jsEngine } from '../../src/engines/js/index';
import { applyFixes } from '../../src/fix/apply';

const settings = { connectTimeout: 10, totalTimeout: 30 };

function lint(code: string) {
  return jsEngine.lint(code, '/tmp/js-scratch/param.ts', settings).findings;
}

function fixed(code: string): string {
  return applyFixes(code, lint(code).flatMap((f) => (f.fix ? [f.fix] : []))).output;
}

const AXIOS = "import axios from 'axios';\n";
const KY = "import ky from 'ky';\n";

describe('a never value that comes in through a parameter', () => {
  test('the default gets the timeout, not the use, so a caller\'s value still counts', () => {
    expect(fixed(`${AXIOS}export const get = (u: string, ms = 0) => axios.get(u, { timeout: ms });`))
      .toBe(`${AXIOS}export const get = (u: string, ms = 30000) => axios.get(u, { timeout: ms });`);
    expect(fixed(`${KY}export const get = (u: string, t: number | false = false) => ky.get(u, { timeout: t });`))
      .toBe(`${KY}export const get = (u: string, t: number | false = 30000) => ky.get(u, { timeout: t });`);
  });

  test('a default the analysis cannot edit in place is a `||` suggestion where every falsy value means none', () => {
    const code = `${AXIOS}const D = { timeout: 0 };\nexport const get = (u: string, o = D) => axios.get(u, { timeout: o.timeout });`;
    const [f] = lint(code);
    expect(f?.messageId).toBe('disabledTimeout');
    expect(f?.fix).toBeUndefined();
    expect(f?.suggestions?.map((s) => s.fix.text)).toEqual(['o.timeout || 30000']);
  });

  test('no `||` where 0 is a real value (ky: 0 fails at once)', () => {
    const code = `${KY}const D = { timeout: false as const };\nexport const get = (u: string, o = D) => ky.get(u, { timeout: o.timeout });`;
    const [f] = lint(code);
    expect(f?.messageId).toBe('disabledTimeout');
    expect(f?.fix).toBeUndefined();
    expect(f?.suggestions).toBeUndefined();
  });

  test('a value written at the call, or in a constant, is replaced where it is used, as before', () => {
    expect(fixed(`${AXIOS}axios.get(u, { timeout: 0 });`)).toBe(`${AXIOS}axios.get(u, { timeout: 30000 });`);
    expect(fixed(`${AXIOS}const T = 0;\naxios.get(u, { timeout: T });`)).toBe(`${AXIOS}const T = 0;\naxios.get(u, { timeout: 30000 });`);
  });
});
