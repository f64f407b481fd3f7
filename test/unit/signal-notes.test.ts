import { expect, test } from 'vitest';
import { jsEngine } from '../../src/engines/js/index';
import { messageFor } from '../../src/model/messages';

const settings = { connectTimeout: 10, totalTimeout: 30 };

function messages(code: string, file = '/tmp/js-scratch/a.js'): string[] {
  return jsEngine.lint(code, file, settings).findings.map((f) => messageFor(f.messageId, f.data));
}

test("an incoming request's signal is said to end when that request is abandoned, on a server or in a browser router", () => {
  const loader = [
    "import { createBrowserRouter } from 'react-router-dom';",
    'export const loader = async ({ request }) => (await fetch("https://api.example.test/p", { signal: request.signal })).json();',
    "export const router = createBrowserRouter([{ path: '/', loader }]);",
  ].join('\n');
  const server = 'export async function GET(request: Request) {\n  return Response.json(await (await fetch("https://api.example.test/p", { signal: request.signal })).json());\n}';
  const note = 'ends only when that request is abandoned (its client disconnects, a navigation is cancelled), never by a timer.';
  for (const [code, file] of [[loader, '/tmp/js-scratch/a.js'], [server, '/tmp/js-scratch/route.ts']] as const) {
    const [m, ...rest] = messages(code, file);
    expect(rest).toEqual([]);
    expect(m).toContain(`The signal of the incoming request on line 2 ${note}`);
  }
});

test("a createAsyncThunk payload creator's signal is named with what aborts it", () => {
  const code = [
    "import { createAsyncThunk } from '@reduxjs/toolkit';",
    "export const f = createAsyncThunk('x', async (id, { signal }) => {",
    '  return (await fetch(`https://api.example.test/${id}`, { signal })).json();',
    '});',
  ].join('\n');
  expect(messages(code)).toEqual([
    expect.stringContaining("The createAsyncThunk signal on line 2 is aborted only when the thunk's abort() is called, never by a timer."),
  ]);
  // Another package's createAsyncThunk hands no known signal: the caller's counts as set.
  expect(messages(code.replace('@reduxjs/toolkit', './thunks'))).toEqual([]);
});

test("a timer that calls a thunk's abort() bounds its signal, and is named where it is cleared at the headers", () => {
  const code = [
    "import { createAsyncThunk } from '@reduxjs/toolkit';",
    "export const f = createAsyncThunk('x', async (id, { signal, abort }) => {",
    '  const t = setTimeout(() => abort(), 5000);',
    '  const res = await fetch(`https://api.example.test/${id}`, { signal });',
    '  CLEAR',
    '  return res.json();',
    '});',
  ].join('\n');
  expect(messages(code.replace('CLEAR', ''))).toEqual([]);
  expect(messages(code.replace('CLEAR', 'clearTimeout(t);'))).toEqual([
    expect.stringContaining('The timer on line 3 that aborts the createAsyncThunk signal is cleared on line 5, once the headers arrive'),
  ]);
});

test('a total offered for a body sent on to the client says why', () => {
  const code = "export async function GET() {\n  const r = await fetch('https://api.example.test/sse');\n  return new Response(r.body);\n}";
  const [f] = jsEngine.lint(code, '/tmp/js-scratch/route.ts', settings).findings;
  expect(f!.fix).toBeUndefined();
  expect(f!.suggestions?.map((s) => s.desc)).toEqual([expect.stringContaining('streams its response (or sends it on)')]);
});
