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
    expect(ids(`${head}sa.get('u').timeout({ response: 1, deadline: 2 }).timeout(3);`)).toEqual(['2:missingConnectTimeout']);
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
    expect(fixed('if (a) {\r\n  const x = new XMLHttpRequest();\r\n  x.send();\r\n}')).toBe(
      'if (a) {\r\n  const x = new XMLHttpRequest();\r\n  x.timeout = 30000;\r\n  x.send();\r\n}',
    );
  });
});
