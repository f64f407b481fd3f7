import { describe, expect, test } from 'vitest';
import { jsEngine } from '../../src/engines/js/index';
import { applyFixes } from '../../src/fix/apply';
import { messageFor } from '../../src/model/messages';

const settings = { connectTimeout: 10, totalTimeout: 30 };

function lint(code: string, file = '/tmp/js-scratch/a.ts') {
  return jsEngine.lint(code, file, settings);
}

function ids(code: string, file?: string): string[] {
  const r = lint(code, file);
  return r.findings.map((f) => `${code.slice(0, f.range[0]).split('\n').length}:${f.messageId}`);
}

function fixed(code: string): string {
  const fixes = lint(code).findings.flatMap((f) => (f.fix ? [f.fix] : []));
  return applyFixes(code, fixes).output;
}

describe('js engine', () => {
  test('parse errors come back as parseError', () => {
    const r = lint('fetch(url, {');
    expect(r.parseError).toMatchObject({ line: 1 });
    expect(r.findings).toEqual([]);
  });

  test('fetch without a signal', () => {
    expect(ids("fetch('https://x.test/');")).toEqual(['1:missingTimeout']);
    expect(fixed("fetch('https://x.test/');")).toBe("fetch('https://x.test/', { signal: AbortSignal.timeout(30000) });");
  });

  test('a local function named fetch is not HTTP', () => {
    expect(ids('function fetch(u: string) { return u; }\nfetch("x");')).toEqual([]);
    expect(ids('class A { fetch() {} run() { this.fetch(); } }')).toEqual([]);
  });

  test('deeply nested expressions do not overflow', () => {
    const deep = 'const o = ' + '{ a: '.repeat(400) + '1' + ' }'.repeat(400) + ';\nfetch(u, o);';
    expect(ids(deep)).toEqual(['2:missingTimeout']);
    const chain = 'const x = a' + '.b'.repeat(3000) + ';\nfetch(u, { signal: x });';
    expect(ids(chain)).toEqual([]);
    expect(lint('const x = ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + ';').parseError?.message).toMatch(/deeply/);
  });
});

describe('tracing', () => {
  test('fan-out through spreads ends within the budget', () => {
    const lines = ['const a0 = { method: "GET" };'];
    for (let i = 1; i <= 40; i++) lines.push(`const a${i} = { ...a${i - 1}, ...a${i - 1} };`);
    lines.push('fetch(u, a40);');
    // 2^40 paths: the lint ends only because tracing stops at its budget, where the options are unknown (quiet).
    expect(ids(lines.join('\n'))).toEqual([]);
    // The same chain, short enough to trace: no timeout in it.
    expect(ids(lines.slice(0, 4).join('\n') + '\nfetch(u, a3);')).toEqual(['5:missingTimeout']);
  });

  test('let bindings that are reassigned are not followed', () => {
    expect(ids('let o = {};\no = make();\nfetch(u, o);')).toEqual([]);
    expect(ids('let o = {};\nfetch(u, o);')).toEqual(['2:missingTimeout']);
  });

  test('var is hoisted out of blocks, to its own function', () => {
    expect(ids('function f() { if (x) { var s = AbortSignal.timeout(1); } return fetch(u, { signal: s }); }')).toEqual([]);
    expect(ids('for (var i = 0, s = AbortSignal.timeout(1); i < 2; i++) {}\nfetch(u, { signal: s });')).toEqual([]);
    expect(ids('try { var s = AbortSignal.timeout(1); } finally {}\nfetch(u, { signal: s });')).toEqual([]);
    // Not out of a function inside, nor out of a class's static block.
    expect(ids('const s = undefined;\nfunction g() { var s = AbortSignal.timeout(1); }\nfetch(u, { signal: s });')).toEqual(['3:missingTimeout']);
    expect(ids('const s = undefined;\nclass C { static { var s = AbortSignal.timeout(1); } }\nfetch(u, { signal: s });')).toEqual(['3:missingTimeout']);
  });

  test('default parameters are read, bare parameters are the caller\'s', () => {
    expect(ids('const f = (u, { timeout = 0 } = {}) => axios.get(u, { timeout });\nimport axios from "axios";')).toEqual(['1:disabledTimeout']);
    expect(ids('import axios from "axios";\nconst f = (u, o) => axios.get(u, o);')).toEqual([]);
  });

  test('a wrapper returning an instance is followed', () => {
    const code = 'import axios from "axios";\nfunction make(t) { return axios.create({ timeout: t }); }\nconst api = make(0);\napi.get("/x");';
    expect(ids(code)).toEqual(['2:disabledTimeout']);
  });

  test('options written in steps are followed nested, on requests and on instances', () => {
    const agent = (write: string) => ids(`import { Agent } from 'undici';\nconst o = { connect: {} };\n${write}\nnew Agent(o);`);
    expect(agent('o.connect.timeout = 0;')).toEqual(['4:disabledTimeout']);
    expect(agent('o.connect.timeout = 5000;')).toEqual([]);
    expect(agent('o.connect = { timeout: 5000 };\no.connect.keepAlive = true;')).toEqual([]);
    expect(agent('o.connect = make();\no.connect.keepAlive = true;')).toEqual([]);
    const got = (write: string) => ids(`import got from 'got';\nconst o = { timeout: {} };\n${write}\ngot('https://x.test/', o);`);
    expect(got('o.timeout.connect = 5000;\no.timeout.request = 30000;')).toEqual([]);
    expect(got('o.timeout.connect = 5000;')).toEqual(['4:missingTotalTimeout']);
    // A whole value written after the nested key replaces it.
    expect(got('o.timeout.request = 30000;\no.timeout = { connect: 5000 };')).toEqual(['5:missingTotalTimeout']);
  });

  test('writes nested too deep are not followed, and many writes stay cheap', () => {
    const lines = ["import got from 'got';", 'const o = { timeout: {} };', 'o.timeout.a.b.c.request = 1;'];
    for (let i = 0; i < 20000; i++) lines.push(`o.timeout.k${i} = ${i};`);
    for (let i = 0; i < 50; i++) lines.push(`got('https://x.test/', o);`);
    const found = ids(lines.join('\n'));
    expect(found).toHaveLength(50);
    expect(new Set(found.map((f) => f.split(':')[1]))).toEqual(new Set(['missingTimeout']));
  });
});

describe('many bindings in one file', () => {
  // Each controller is judged on its own uses; the file is indexed once for all of them (namesIn).
  test('thousands of module-level controllers, some never aborted', () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      i % 500 === 7
        ? `const c${i} = new AbortController(); fetch(u, { signal: c${i}.signal });`
        : `const c${i} = new AbortController(); setTimeout(() => c${i}.abort(), 5000); fetch(u, { signal: c${i}.signal });`);
    expect(ids(lines.join('\n'))).toEqual(['8:missingTimeout', '508:missingTimeout', '1008:missingTimeout', '1508:missingTimeout']);
  });

  test('thousands of XMLHttpRequests, each bounded by a write on its own name or not', () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      `const x${i} = new XMLHttpRequest(); x${i}.open('GET', u);${i % 500 === 3 ? '' : ` x${i}.timeout = 1000;`} x${i}.send();`);
    expect(ids(lines.join('\n'))).toEqual(['4:missingTimeout', '504:missingTimeout', '1004:missingTimeout', '1504:missingTimeout']);
  });

  test('thousands of controllers aborted through a named function a timer runs', () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      `const c${i} = new AbortController(); const stop${i} = () => c${i}.abort(); ${i === 1999 ? '' : `setTimeout(stop${i}, 5000); `}fetch(u, { signal: c${i}.signal });`);
    expect(ids(lines.join('\n'))).toEqual(['2000:missingTimeout']);
  });
});

describe('fix style', () => {
  test('multi-line literal without trailing comma', () => {
    expect(fixed('fetch(u, {\n  method: "GET"\n});')).toBe('fetch(u, {\n  method: "GET",\n  signal: AbortSignal.timeout(30000)\n});');
  });

  test('a never value is replaced, an opaque options object gets a suggestion', () => {
    expect(fixed('import axios from "axios";\naxios.get(u, { timeout: 0 });')).toContain('{ timeout: 30000 }');
    const f = lint('import axios from "axios";\naxios.get(u, cfg);\ndeclare const cfg: { headers: {} };').findings;
    expect(f).toEqual([]);
    const g = lint('const init = { method: "GET" };\nfetch(u, init);').findings[0]!;
    expect(g.fix).toBeUndefined();
    expect(g.suggestions?.[0]?.fix.text).toBe(', signal: AbortSignal.timeout(30000)');
  });

  test('axios offers the signal form as a suggestion', () => {
    const f = lint('import axios from "axios";\naxios.get(u);').findings[0]!;
    expect(f.fix?.text).toBe(', { timeout: 30000 }');
    expect(f.suggestions?.map((s) => s.fix.text)).toEqual([', { signal: AbortSignal.timeout(30000) }']);
  });

  test('a signal goes beside a module-level options object, not into it, where the request is in a function', () => {
    const code = 'const init = { method: "POST" };\nexport const send = (u: string) => fetch(u, init);';
    const f = lint(code).findings[0]!;
    expect(f.suggestions?.map((s) => s.fix.text)).toEqual(['{ ...init, signal: AbortSignal.timeout(30000) }']);
  });

  test('options made in the request\'s function for it alone are fixed in place; shared ones are only offered', () => {
    const first = (code: string) => lint(`export async function send(u: string, keep: (x: unknown) => void) {\n${code}\n}`).findings[0]!;
    const local = first('  const init = { method: "POST" };\n  return fetch(u, init);');
    expect(local.fix?.text).toBe(', signal: AbortSignal.timeout(30000)');
    expect(local.suggestions).toBeUndefined();
    for (const shared of [
      '  const init = { method: "POST" };\n  keep(init);\n  return fetch(u, init);',
      '  const init = { method: "POST" };\n  keep(() => init);\n  return fetch(u, init);',
      '  const init = { method: "POST" };\n  for (const x of [1, 2]) await fetch(u, init);',
      '  const init = { method: "POST" };\n  await keep(u);\n  return fetch(u, init);',
      '  let init = { method: "POST" };\n  if (u) init = { method: "GET" };\n  return fetch(u, init);',
    ]) {
      const f = first(shared);
      expect(f.fix, shared).toBeUndefined();
      expect(f.suggestions?.length, shared).toBeGreaterThan(0);
    }
  });

  test('a fetch written into options held by a const has typed parameters in TS, where nothing types them', () => {
    const held = (decl: string, file?: string) =>
      {
        const f = lint(`import redaxios from "redaxios";\nexport function get(u: string) {\n  ${decl}\n  return redaxios.get(u, config);\n}`, file).findings[0]!;
        // The text the fix writes, applied or offered (offered into a literal a function returns, or one a type of
        // the code's own is written for).
        return (f.fix ?? f.suggestions?.[0]?.fix)?.text;
      };
    const typed = ', fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(30000) })';
    const plain = ', fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(30000) })';
    expect(held('const config = { baseURL: "/api" };')).toBe(typed);
    expect(held('const config = { baseURL: "/api" };', '/tmp/js-scratch/a.mjs')).toBe(plain);
    expect(held('const config: Options = { baseURL: "/api" };')).toBe(plain);
    expect(held('const config = { baseURL: "/api" } satisfies Options;')).toBe(plain);
    expect(held('const config = { baseURL: "/api" } as Options;')).toBe(plain);
    // `as const`, `as any` give its parameters no type; nor does a function that declares no return type.
    expect(held('const config = { baseURL: "/api" } as const;')).toBe(typed);
    expect(held('const config = { baseURL: "/api" } as any;')).toBe(typed);
    expect(held('const make = () => ({ baseURL: "/api" });\n  const config = make();')).toBe(typed);
    expect(held('const make = (): Options => ({ baseURL: "/api" });\n  const config = make();')).toBe(plain);
    expect(held('function make() { return { baseURL: "/api" }; }\n  const config = make();')).toBe(typed);
    // A type whose keys' values are opaque types no parameter either; one of functions does.
    expect(held('const config: Record<string, unknown> = { baseURL: "/api" };')).toBe(typed);
    expect(held('const config = { baseURL: "/api" } as Readonly<Record<string, any>>;')).toBe(typed);
    expect(held('const config = { baseURL: "/api" } satisfies { [key: string]: object | Function };')).toBe(typed);
    expect(held('const make = (): Record<string, unknown> => ({ baseURL: "/api" });\n  const config = make();')).toBe(typed);
    expect(held('const config: Record<string, string | typeof fetch> = { baseURL: "/api" };')).toBe(plain);
    expect(held('const config: Record<string, string | number | null> = { baseURL: "/api" };')).toBe(typed);
    const inline = lint('import redaxios from "redaxios";\nredaxios.get(u, { baseURL: "/api" });').findings[0]!;
    expect(inline.fix?.text).toBe(plain);
    // openapi-fetch hands its fetch a Request alone.
    const client = lint('import createClient from "openapi-fetch";\nconst options = { baseUrl: "/api" };\nconst api = createClient(options);\nexport const get = () => api.GET("/a");').findings[0]!;
    expect(client.suggestions?.[0]?.fix.text).toBe(', fetch: (input: Request) => fetch(input, { signal: AbortSignal.any([input.signal, AbortSignal.timeout(30000)]) })');
  });

  test('an instance is offered no signal: it is made once and would fail every request after it fires', () => {
    const f = lint('import axios from "axios";\nexport const api = axios.create({ baseURL: "/api" });').findings[0]!;
    expect(f.fix?.text).toBe(', timeout: 30000');
    expect(f.suggestions).toBeUndefined();
  });

  test('a link whose responses stream is offered its fetch, to be sized; a batch link that does not stream is fixed', () => {
    const link = (name: string) => lint(`import { ${name} } from "@trpc/client";\nexport const link = ${name}({ url: "/trpc" });`).findings[0]!;
    const stream = link('httpBatchStreamLink');
    expect(stream.fix).toBeUndefined();
    expect(stream.suggestions?.[0]?.desc).toMatch(/^Add fetch: the request streams its response/);
    expect(stream.suggestions?.[0]?.fix.text).toMatch(/^, fetch: \(input, init\) => fetch\(input, \{ \.\.\.init, signal: AbortSignal\.any/);
    expect(link('httpBatchLink').fix?.text).toBe(stream.suggestions?.[0]?.fix.text);
  });

  test("a race's delay parameter is named only where every edit is in its function; elsewhere its default's ms", () => {
    const race = (opts: string) => `import axios from "axios";\n${opts}\nexport async function get(url: string, timeout = 3000) {\n  const timer = new Promise((r) => setTimeout(r, timeout));\n  return Promise.race([axios.get(url, OPTS), timer]);\n}`;
    const outside = lint(race('const OPTS = { headers: {} };')).findings[0]!;
    expect(outside.suggestions?.map((s) => s.fix.text)).toEqual([', timeout: 3000', expect.stringContaining('AbortSignal.timeout(3000)')]);
    const inside = lint(race('').replace('axios.get(url, OPTS)', 'axios.get(url)')).findings[0]!;
    expect(inside.fix?.text).toBe(', { timeout: timeout }');
  });

  test('settings drive the values, in ms', () => {
    const r = jsEngine.lint('fetch(u);', '/tmp/js-scratch/a.js', { connectTimeout: 1, totalTimeout: 2.5 });
    expect(r.findings[0]!.fix!.text).toBe(', { signal: AbortSignal.timeout(2500) })'.slice(0, -1));
  });
});

test("a note about another module's code names that module", async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'htl-note-'));
  try {
    writeFileSync(join(dir, 'consts.ts'), 'export const SIGNAL = AbortSignal.timeout(5000);\n');
    const use = "import { SIGNAL } from './consts';\nexport const a = () => fetch('https://x.test/', { signal: SIGNAL });\nconst LOCAL = AbortSignal.timeout(5000);\nexport const b = () => fetch('https://x.test/', { signal: LOCAL });\n";
    const notes = lint(use, join(dir, 'use.ts')).findings.map((f) => f.data.note);
    expect(notes).toEqual([
      ' The AbortSignal.timeout() on line 1 of consts.ts is created once at module load and fires once: every request made after it fails at once, and none has a timeout of its own.',
      ' The AbortSignal.timeout() on line 3 is created once at module load and fires once: every request made after it fails at once, and none has a timeout of its own.',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a client whose requests more than an option bounds names those remedies in its message', () => {
  const code = "import { HttpClient } from '@angular/common/http';\nexport const users = (http: HttpClient) => http.get('/users');\n";
  const [f] = lint(code).findings;
  expect(messageFor(f!.messageId, f!.data)).toBe(
    'Angular HttpClient request has no timeout; a silent server can hold it open forever. Set timeout (ms), or pipe rxjs timeout(ms) onto it (onto every request in an HTTP interceptor).',
  );
  expect(lint("fetch('https://x.test/');").findings[0]!.data.option).toBe('signal: AbortSignal.timeout(ms)');
});

test("needle's timeouts written in the data argument are named as data, not asked for again", () => {
  const code = "const needle = require('needle');\nneedle('post', 'https://x.test/', { read_timeout: 5000 });\n";
  const [f] = lint(code, '/tmp/js-scratch/a.js').findings;
  expect(messageFor(f!.messageId, f!.data)).toBe(
    'needle request has no timeout; a silent server can hold it open forever. `read_timeout` in argument 3 is data: needle sends it with the request and reads no timeout there. Set read_timeout (ms) in the options argument (argument 4).',
  );
});

test("an HttpRequest's timeout is offered in the init it is made with, an upload's with a word on its size", () => {
  const head = "import { HttpClient, HttpRequest } from '@angular/common/http';\nimport { timeout } from 'rxjs';\n";
  const texts = (code: string) => lint(head + code).findings.map((f) => f.suggestions?.map((s) => s.fix.text));
  expect(texts("export const a = (http: HttpClient) => http.request(new HttpRequest('GET', '/u'));")).toEqual([
    ['.pipe(timeout(30000))', ', { timeout: 30000 }'],
  ]);
  expect(texts("export const b = (http: HttpClient) => http.request(new HttpRequest('POST', '/u', { a: 1 }));")).toEqual([
    ['.pipe(timeout(30000))', ', { timeout: 30000 }'],
  ]);
  const upload = "export const c = (http: HttpClient, fd: FormData) => {\n  const req = new HttpRequest('POST', '/u', fd, { reportProgress: true });\n  return http.request(req);\n};";
  const [f] = lint(head + upload).findings;
  expect(f!.suggestions?.map((s) => s.fix.text)).toEqual(['.pipe(timeout(30000))', ', timeout: 30000']);
  expect(f!.suggestions?.every((s) => s.desc.includes('uploads a file, form or stream'))).toBe(true);
  // An Observable's pipe() takes operators: it reads no stream.
  const [g] = lint(head + "import { map } from 'rxjs';\nexport const e = (http: HttpClient) => http.get('/u').pipe(map((x) => x));").findings;
  expect(g!.suggestions?.some((s) => s.desc.includes('uploads a file, form or stream'))).toBe(false);
});

test('an instance disabled by the one it extends names the line that disables it', () => {
  const code = "import ky from 'ky';\nconst api = ky.extend({\n  timeout: false,\n});\nexport const refresh = () => api.extend({ throwHttpErrors: false }).get('refresh');\n";
  const texts = lint(code).findings.map((f) => messageFor(f.messageId, f.data));
  expect(texts).toContain('ky timeout is disabled by false (set on line 3, used on line 5); a silent server can hold the request open forever. Set timeout (ms) to a finite value.');
});

test("a wrapper's timeout parameter is named by the one call that gives it: the value it passes, or the call that leaves it out", () => {
  const texts = (code: string) => lint(code).findings.map((f) => messageFor(f.messageId, f.data));
  const get = "import axios from 'axios';\nfunction get(u, ms) {\n  return axios.get(u, { timeout: ms });\n}\n";
  expect(texts(get + "get('/a', 0);\n")).toEqual(['axios timeout is disabled by 0 (passed on line 5); a silent server can hold the request open forever. Set timeout (ms) to a finite value.']);
  expect(texts(get + "get('/a');\n")).toEqual(["axios request has no timeout; a silent server can hold it open forever. get() on line 5 leaves out ms, so the request's timeout is undefined. Set timeout (ms)."]);
  expect(fixed(get + "get('/a');\n")).toBe(get + "get('/a', 30000);\n");
  const json = 'function getJson(u, signal) {\n  return fetch(u, { signal }).then((r) => r.json());\n}\n';
  expect(texts(json + "getJson('/a', null);\n")[0]).toContain("getJson() on line 4 passes null for signal, so the request's signal is null.");
  expect(fixed(json + "getJson('/a', null);\n")).toBe(json + "getJson('/a', AbortSignal.timeout(30000));\n");
  // A gap before it would be filled with `undefined`: only offered.
  const [gap] = lint("import axios from 'axios';\nfunction get(u, h, ms) {\n  return axios.get(u, { headers: h, timeout: ms });\n}\nget('/a');\n").findings;
  expect(gap!.fix).toBeUndefined();
  expect(gap!.suggestions?.[0]?.fix.text).toBe(', undefined, 30000');
  // Two calls, or a name passed: what callers pass (counts as set).
  expect(texts(get + "get('/a', 0);\nget('/b');\n")).toEqual([]);
  expect(texts(get + "get('/a', process.env.T);\n")).toEqual([]);
  // TS's `this` parameter takes no argument.
  expect(texts("import axios from 'axios';\nfunction get(this: unknown, u: string, ms?: number) {\n  return axios.get(u, { timeout: ms });\n}\nget('/a', 5000);\n")).toEqual([]);
  // A factory's: "passed" too.
  expect(texts("import axios from 'axios';\nfunction make(ms) { return axios.create({ timeout: ms }); }\nmake(0).get('/x');\n")[0]).toContain('disabled by 0 (passed on line 3)');
});

test('where the code tests AbortSignal.timeout missing, the finding has no fix and names a controller instead', () => {
  const code = "export function get(u: string) {\n  if (!AbortSignal.timeout) return fetch(u);\n  return fetch(u, { signal: AbortSignal.timeout(5000) });\n}\n";
  const [f, ...rest] = lint(code).findings;
  expect(rest).toEqual([]);
  expect(f!.fix).toBeUndefined();
  expect(f!.suggestions).toBeUndefined();
  expect(f!.data.option).toBe("signal: a controller's signal that a setTimeout aborts (this path runs without AbortSignal.timeout)");
});

test('where the code tests AbortController missing, no signal is written: node-fetch gets its own timeout, offered where no version is read', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'htl-abortless-'));
  try {
    const code = "import nodeFetch from 'node-fetch';\nexport async function get(u: string) {\n  if (!AbortController) return nodeFetch(u);\n  return nodeFetch(u, { signal: AbortSignal.timeout(5000) });\n}\n";
    const [f, ...rest] = lint(code, join(dir, 'a.ts')).findings;
    expect(rest).toEqual([]);
    expect(f!.fix).toBeUndefined();
    expect(f!.suggestions?.map((s) => [s.desc, s.fix.text])).toEqual([['Add timeout (node-fetch before 3 only)', ', { timeout: 30000 }']]);
    expect(f!.data.option).toBe('timeout (ms) (node-fetch before 3 only; this path runs without AbortController or AbortSignal)');
    // A package that lists node-fetch 2: its `timeout` is honoured, and written.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'node-fetch': '^2.6.7' } }));
    const [g] = lint(code, join(dir, 'b.ts')).findings;
    expect(g!.fix?.text).toBe(', { timeout: 30000 }');
    expect(g!.data.option).toBe('timeout (ms) (this path runs without AbortController or AbortSignal)');
    // node-fetch 3 ignores `timeout`: no edit at all.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'node-fetch': '^3.3.2' } }));
    const [h] = lint(code, join(dir, 'c.ts')).findings;
    expect(h!.fix).toBeUndefined();
    expect(h!.suggestions).toBeUndefined();
    // The global fetch has nothing but a signal: no edit, and the message asks for a bound that needs none.
    const [k] = lint("export const get = (u: string) => (typeof AbortController === 'undefined' ? fetch(u) : fetch(u, { signal: AbortSignal.timeout(5000) }));\n", join(dir, 'd.ts')).findings;
    expect(k!.fix).toBeUndefined();
    expect(k!.suggestions).toBeUndefined();
    expect(k!.data.option).toBe('a bound that needs no abort API (this path runs without AbortController or AbortSignal)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fix only offered for its Node versions names the API that needs the later ones', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'htl-engines-'));
  try {
    const cleared = 'export async function get(u: string) {\n  const c = new AbortController();\n  const t = setTimeout(() => c.abort(), 3000);\n  const res = await fetch(u, { signal: c.signal });\n  clearTimeout(t);\n  return res.json();\n}\n';
    const offered = (engines: string, code: string) => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'r', version: '1.0.0', engines: { node: engines } }));
      const [f] = lint(code, join(dir, `${engines.replace(/\W/g, '')}-${code.length}.ts`)).findings;
      return { fix: f!.fix?.text, offered: f!.suggestions?.map((s) => [s.desc, s.fix.text]) };
    };
    // Neither AbortSignal.timeout (16.14, 17.3) nor AbortSignal.any (18.17, 20.3): `any` is what the text needs last.
    expect(offered('>=14.0.0', cleared).offered?.[0]).toEqual([
      'Bound the request with AbortSignal.any (Node 18.17 or 20.3 and later; engines.node in package.json allows 14.0)',
      'AbortSignal.any([c.signal, AbortSignal.timeout(3000)])',
    ]);
    expect(offered('>=18.0.0', cleared).offered?.[0]?.[0]).toBe('Bound the request with AbortSignal.any (Node 18.17 or 20.3 and later; engines.node in package.json allows 18.0)');
    expect(offered('>=20.3.0', cleared).fix).toBe('AbortSignal.any([c.signal, AbortSignal.timeout(3000)])');
    expect(offered('>=14.0.0', 'export const ping = (u: string) => fetch(u);\n').offered?.[0]?.[0]).toBe(
      'Bound the request with AbortSignal.timeout (Node 16.14 or 17.3 and later; engines.node in package.json allows 14.0)',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in a React Native app a fix calling AbortSignal.timeout is only offered, saying why', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'htl-rn-'));
  try {
    const code = "export const ping = (u: string) => fetch(u);\n";
    expect(lint(code, join(dir, 'ping.ts')).findings[0]!.fix).toBeDefined();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { 'react-native': '0.83.1' } }));
    const [f] = lint(code, join(dir, 'app.ts')).findings;
    expect(f!.fix).toBeUndefined();
    expect(f!.suggestions?.[0]?.desc).toBe('Bound the request with AbortSignal.timeout (React Native has no AbortSignal.timeout nor .any: only where the app polyfills them)');
    expect(f!.suggestions?.[0]?.fix.text).toContain('AbortSignal.timeout(30000)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fetchBaseQuery: where the @reduxjs/toolkit read may predate 1.9, `timeout` is only offered; where all of it does, a written one bounds nothing', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'htl-rtk-'));
  const head = "import { fetchBaseQuery } from '@reduxjs/toolkit/query';\n";
  const bare = head + "export const q = fetchBaseQuery({ baseUrl: '/api' });\n";
  const timed = head + "export const q = fetchBaseQuery({ baseUrl: '/api', timeout: 5000 });\n";
  const run = (range: string | null, code: string) => {
    if (range) writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { '@reduxjs/toolkit': range } }));
    return lint(code, join(dir, `${(range ?? 'none').replace(/\W/g, '')}-${code.length}.ts`)).findings;
  };
  try {
    // Nothing says which: the option is read, and written.
    expect(run(null, bare)[0]!.fix?.text).toBe(', timeout: 30000');
    for (const range of ['^1.9.0', '^2.2.1', '>=1.9']) expect([range, run(range, bare)[0]!.fix?.text]).toEqual([range, ', timeout: 30000']);
    // `^1.8.0` allows 1.8 too: offered, naming the version; one written counts as set.
    const [some] = run('^1.8.0', bare);
    expect(some!.fix).toBeUndefined();
    expect(some!.suggestions?.map((s) => [s.desc, s.fix.text])).toEqual([['Add timeout (@reduxjs/toolkit 1.9 or later)', ', timeout: 30000']]);
    expect(run('^1.8.0', timed)).toEqual([]);
    // `~1.8.5` allows none that reads it: the message says so, the option is offered, and one written is reported.
    const [none] = run('~1.8.5', bare);
    expect(none!.data.option).toBe('timeout (ms), which @reduxjs/toolkit reads from 1.9 on, or a fetchFn of its own that adds AbortSignal.timeout(ms)');
    expect(none!.suggestions?.map((s) => s.fix.text)).toEqual([', timeout: 30000']);
    const [ignored, ...rest] = run('~1.8.5', timed);
    expect(rest).toEqual([]);
    expect([ignored!.messageId, ignored!.fix, ignored!.suggestions]).toEqual(['missingTimeout', undefined, undefined]);
    // The copy installed wins over the range listed.
    mkdirSync(join(dir, 'node_modules', '@reduxjs', 'toolkit'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '@reduxjs', 'toolkit', 'package.json'), JSON.stringify({ version: '2.2.1' }));
    expect(run('~1.8.5', timed)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a controller's signal given where the caller's is not names that path, and its fix leaves the caller's alone", () => {
  const code = 'export async function get(u: string, signal?: AbortSignal) {\n  const c = new AbortController();\n  const t = setTimeout(() => c.abort(), 9000);\n  const res = await fetch(u, { signal: signal ?? c.signal });\n  clearTimeout(t);\n  return res.json();\n}\n';
  const [f] = lint(code).findings;
  expect(messageFor(f!.messageId, f!.data)).toBe(
    'fetch request has no timeout; a silent server can hold it open forever. Where `signal` is not given, the timer on line 3 that aborts the AbortController is cleared on line 5, once the headers arrive: reading the body after it has no bound. Set signal: AbortSignal.any([…, AbortSignal.timeout(ms)]).',
  );
  expect(fixed(code)).toContain('{ signal: signal ?? AbortSignal.any([c.signal, AbortSignal.timeout(9000)]) }');
});

test("an undici dispatcher's bounds are named as idle bounds, and the fix's total is no shorter than they are", () => {
  const head = "import { Agent } from 'undici';\n";
  const said = (code: string) => lint(head + code).findings.filter((f) => f.ruleId === 'js/fetch').map((f) => messageFor(f.messageId, f.data));
  const slow = 'const slow = new Agent({ headersTimeout: 600_000, bodyTimeout: 600_000 });\nexport const run = (u: string) => fetch(u, { dispatcher: slow });\n';
  expect(said(slow)).toEqual([
    'fetch request has no timeout; its dispatcher (line 2) stops a silent server after 600 s waiting for the headers and 600 s between body chunks, but a body that drips can hold it open forever. Set signal: AbortSignal.timeout(ms).',
  ]);
  expect(fixed(head + slow)).toContain('{ dispatcher: slow, signal: AbortSignal.timeout(600000) }');
  const off = 'const open = new Agent({ headersTimeout: 0 });\nexport const run = (u: string) => fetch(u, { dispatcher: open });\n';
  expect(said(off)).toEqual([
    'fetch request has no timeout; its dispatcher (line 2) turns headersTimeout off (0): a silent server can hold it open forever. Set signal: AbortSignal.timeout(ms).',
  ]);
  const [g] = lint(head + off).findings.filter((f) => f.ruleId === 'js/fetch');
  expect(g!.fix).toBeUndefined();
  expect(g!.suggestions?.[0]?.fix.text).toBe(', signal: AbortSignal.timeout(30000)');
  // node-fetch takes no dispatcher: said and fixed as any other request.
  const other = "import nodeFetch from 'node-fetch';\nconst slow = new Agent({ headersTimeout: 600_000 });\nexport const run = (u: string) => nodeFetch(u, { dispatcher: slow });\n";
  expect(said(other)[0]).toContain('a silent server can hold it open forever');
  expect(fixed(head + other)).toContain('AbortSignal.timeout(30000)');
});
