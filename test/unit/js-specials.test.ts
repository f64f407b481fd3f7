import { describe, expect, test } from 'vitest';
import { jsEngine } from '../../src/engines/js/index';
import { applyFixes } from '../../src/fix/apply';

const settings = { connectTimeout: 10, totalTimeout: 30 };

function ids(code: string, file = '/tmp/js-scratch/a.js'): string[] {
  return jsEngine.lint(code, file, settings).findings.map((f) => `${code.slice(0, f.range[0]).split('\n').length}:${f.messageId}`);
}

function fixed(code: string, file = '/tmp/js-scratch/a.js'): string {
  const fixes = jsEngine.lint(code, file, settings).findings.flatMap((f) => (f.fix ? [f.fix] : []));
  return applyFixes(code, fixes).output;
}

describe('superagent-chain', () => {
  const head = "const sa = require('superagent');\n";

  test('a number after an object clears response; an object after a number keeps the deadline', () => {
    expect(ids(`${head}sa.get('u').timeout({ response: 1, deadline: 2 }).timeout(30000);`)).toEqual(['2:missingConnectTimeout']);
    expect(ids(`${head}sa.get('u').timeout(3).timeout({ response: 1 });`)).toEqual([]);
  });

  test('the fix chains both bounds after the request call', () => {
    expect(fixed(`${head}sa.get('u').set('a', 'b');`)).toBe(`${head}sa.get('u').timeout({ deadline: 30000, response: 10000 }).set('a', 'b');`);
  });

  test("a request's own .timeout() on an agent's request is not the agent's", () => {
    expect(ids(`${head}const a = sa.agent();\na.get('u').timeout(5).then(() => {});\na.get('v').then(() => {});`)).toEqual(['2:missingTimeout']);
  });
});

describe('xhr-handle', () => {
  test('a synchronous request and a handle passed on are not reported', () => {
    expect(ids("const x = new XMLHttpRequest();\nx.open('GET', 'u', false);\nx.send();")).toEqual([]);
    expect(ids("const x = new XMLHttpRequest();\nsetup(x);\nx.send();")).toEqual([]);
  });

  test('the fix follows the statement, with its indentation and newline', () => {
    expect(fixed("if (a) {\r\n  const x = new XMLHttpRequest();\r\n  x.open('GET', u);\r\n  x.send();\r\n}")).toBe(
      "if (a) {\r\n  const x = new XMLHttpRequest();\r\n  x.timeout = 30000;\r\n  x.open('GET', u);\r\n  x.send();\r\n}",
    );
  });

  test('one opened with an async flag that may be false, or opened out of sight, gets the timeout only as a suggestion', () => {
    for (const open of ["x.open('GET', u, async);", '', "x.open('GET', u, sync ? false : true);"]) {
      const code = `const x = new XMLHttpRequest();\n${open}\nx.send();`;
      const [f] = jsEngine.lint(code, '/tmp/js-scratch/a.js', settings).findings;
      expect(f?.fix, open).toBeUndefined();
      expect(f?.suggestions?.[0]?.fix.text, open).toBe('\nx.timeout = 30000;');
    }
    expect(fixed("const x = new XMLHttpRequest();\nx.open('GET', u, !0);\nx.send();")).toContain('x.timeout = 30000;');
  });

  test('one never sent is no request: a feature probe', () => {
    expect(ids('const x = new XMLHttpRequest();\nconst upload = !!x.upload && !!x.sendAsBinary;')).toEqual([]);
    expect(ids("let x;\nif (window.XMLHttpRequest) x = new XMLHttpRequest();\nif (!x) throw new Error('none');\nx.open('GET', u);\nx.send();")).toEqual(['2:missingTimeout']);
  });
});

describe('observable-pipe', () => {
  const file = '/tmp/js-scratch/a.ts';
  const head = "import { inject } from '@angular/core';\nimport { HttpClient } from '@angular/common/http';\n";

  function suggested(code: string): string[] {
    const [f] = jsEngine.lint(code, file, settings).findings;
    return (f?.suggestions ?? []).map((s) => code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1]));
  }

  test('a timeout piped on the request, on its name or on what a package function makes of it bounds it', () => {
    expect(ids(`${head}import { timeout } from 'rxjs';\nconst http = inject(HttpClient);\nhttp.get('u').pipe(timeout(5));`, file)).toEqual([]);
    expect(ids(`${head}import { timeout } from 'rxjs';\nconst http = inject(HttpClient);\nconst r = http.get('u');\nr.pipe(timeout(5));`, file)).toEqual([]);
    expect(ids(`${head}import { merge, timeout } from 'rxjs';\nconst http = inject(HttpClient);\nmerge(http.get('u'), http.get('v')).pipe(timeout(5));`, file)).toEqual([]);
    expect(ids(`${head}import { timeout } from './rx';\nconst http = inject(HttpClient);\nhttp.get('u').pipe(timeout(5)).subscribe();`, file)).toEqual([]);
  });

  test('a timeout piped after the Observable is consumed, or from another library, does not', () => {
    expect(ids(`${head}import { timeout } from 'rxjs';\nconst http = inject(HttpClient);\nhttp.get('u').subscribe();\ntimeout(5);`, file)).toEqual(['5:missingTimeout']);
    expect(ids(`${head}import { timeout } from 'other-lib';\nconst http = inject(HttpClient);\nhttp.get('u').pipe(timeout(5));`, file)).toEqual(['5:missingTimeout']);
  });

  test('the suggestion adds the operator to an rxjs import, or a new import, and into a pipe that follows', () => {
    const [pipe] = suggested(`${head}import { map } from 'rxjs/operators';\nconst http = inject(HttpClient);\nhttp.get('u').pipe(map((x) => x));`);
    expect(pipe).toBe(`${head}import { map, timeout } from 'rxjs/operators';\nconst http = inject(HttpClient);\nhttp.get('u').pipe(timeout(30000), map((x) => x));`);
    const [fresh, option] = suggested(`${head}const http = inject(HttpClient);\nhttp.post('u', {});`);
    expect(fresh).toBe(`${head}import { timeout } from 'rxjs';\nconst http = inject(HttpClient);\nhttp.post('u', {}).pipe(timeout(30000));`);
    expect(option).toBe(`${head}const http = inject(HttpClient);\nhttp.post('u', {}, { timeout: 30000 });`);
  });

  test('an imported operator that a parameter hides where the request is, is imported again under a free name', () => {
    const code = `${head}import { timeout } from 'rxjs/operators';\nconst http = inject(HttpClient);\nexport const f = (timeout: number) => http.get('u', { params: { t: String(timeout) } });`;
    const [pipe] = suggested(code);
    expect(pipe).toBe(code.replace(`import { timeout }`, `import { timeout, timeout as rxTimeout }`).replace(`String(timeout) } })`, `String(timeout) } }).pipe(rxTimeout(30000))`));
    const [f] = jsEngine.lint(code, file, settings).findings;
    expect(f!.suggestions![0]!.desc).toMatch(/from 'rxjs\/operators'$/);
  });

  test('a name the file already uses for something else is not taken', () => {
    const [pipe] = suggested(`${head}const timeout = 5;\nconst http = inject(HttpClient);\nhttp.get('u');`);
    expect(pipe).toBe(`${head}import { timeout as rxTimeout } from 'rxjs';\nconst timeout = 5;\nconst http = inject(HttpClient);\nhttp.get('u').pipe(rxTimeout(30000));`);
  });
});
