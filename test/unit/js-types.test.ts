import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from '@ts-morph/common';
import { afterAll, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText } from '../../src/core/lint';

const dir = mkdtempSync(path.join(tmpdir(), 'htl-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

// A Program as typescript-eslint would hand it over; the CLI itself never builds one.
function programOf(): ts.Program {
  const options = { strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts'], moduleResolution: ts.ModuleResolutionKind.Node10 };
  return ts.createProgram([path.join(dir, 'user.ts')], options);
}

write({
  'node_modules/axios/package.json': '{ "name": "axios", "types": "index.d.ts" }',
  'node_modules/axios/index.d.ts': [
    'export interface AxiosInstance { get(url: string, config?: { timeout?: number }): Promise<unknown> }',
    'declare const axios: AxiosInstance & { create(c?: { timeout?: number }): AxiosInstance };',
    'export default axios;',
    '',
  ].join('\n'),
  // Names cannot follow this: the instance comes out of a pool.
  'factory.ts': "import type { AxiosInstance } from 'axios';\ndeclare const pool: { take(): AxiosInstance };\nexport const makeClient = () => pool.take();\n",
  'own.ts': 'export interface AxiosInstance { get(u: string, c?: object): Promise<unknown> }\nexport declare function makeOwn(): AxiosInstance;\n',
});
const USER = `import { makeClient } from './factory';
import { makeOwn } from './own';
const api = makeClient();
export const a = () => api.get('/x', { timeout: 0 });
export const b = () => api.get('/x');
const cache = new Map<string, string>();
export const c = () => cache.get('/x');
export const d = () => makeOwn().get('/x', { timeout: 0 });
`;
write({ 'user.ts': USER });

function found(text: string, program?: ts.Program): string[] {
  return lintText(text, path.join(dir, 'user.ts'), DEFAULT_CONFIG, { program }).map((m) => `${m.line} ${m.messageId} ${m.ruleId}`);
}

test('with a Program, the checker tells what names cannot; a look-alike type of another package is not axios', () => {
  expect(found(USER, programOf())).toEqual(['4 disabledTimeout js/axios']);
});

test('without a Program the same file gives nothing, and a Program of other text is not used', () => {
  expect(found(USER)).toEqual([]);
  expect(found(`${USER}\n`, programOf())).toEqual([]);
});
