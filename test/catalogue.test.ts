import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLIENTS } from '../rules/index';
import type { ClientSpec } from '../src/catalogue/define-client';

const root = path.resolve(__dirname, '..');
const ID = /^(php|js)\/[a-z0-9]+(-[a-z0-9]+)*$/;
const FIXED = /\.fixed\.[^.]+$/;

function specFilesOnDisk(): string[] {
  const dir = path.join(root, 'rules');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs.readdirSync(path.join(dir, d.name))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => `${d.name}/${f.slice(0, -3)}`),
    )
    .sort();
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

/** Annotation kinds in a fixture: `// expect: …`, `// ok: …`, and `# …` in PHP. */
function annotations(file: string): Set<string> {
  const php = /\.(php|phtml|inc)$/i.test(file);
  const re = php ? /^\s*(?:\/\/|#)\s*(expect|ok)\s*:/gm : /^\s*\/\/\s*(expect|ok)\s*:/gm;
  return new Set([...fs.readFileSync(file, 'utf8').matchAll(re)].map((m) => m[1]!));
}

/** The spec's own options, and those a JS call shape adds (node-fetch v2's and teeny-request 9's `timeout`). */
function optionsOf(spec: ClientSpec) {
  const shapes = 'roots' in spec ? [...spec.calls, ...(spec.instances ?? [])] : [];
  const added = new Map(shapes.flatMap((s) => s.total ?? []).map((o) => [o.name, o]));
  return [...spec.total.options, ...(spec.connect?.options ?? []), ...added.values()];
}

test('rules/index.ts lists exactly the spec files under rules/<lang>/', () => {
  const listed = CLIENTS.map((c) => c.id);
  expect(new Set(listed).size, 'a client is listed twice').toBe(listed.length);
  expect([...listed].sort()).toEqual(specFilesOnDisk());
});

test.for(specFilesOnDisk())('rules/%s.ts exports, as default, the listed spec whose id is its path', async (file) => {
  const mod = (await import(path.join(root, 'rules', `${file}.ts`))) as { default?: ClientSpec };
  expect(mod.default?.id).toBe(file);
  expect(CLIENTS).toContain(mod.default);
});

describe.for(CLIENTS.map((spec) => ({ id: spec.id, spec })))('$id', ({ id, spec }) => {
  test('has a well-formed spec', () => {
    expect(id).toMatch(ID);
    expect(spec.language).toBe(id.split('/')[0]);
    expect(spec.client.trim()).not.toBe('');
    expect(spec.summary.trim()).not.toBe('');
    // The doc header and the README table put the client's name beside the summary: it is not said twice.
    expect(spec.summary.startsWith(`${spec.client}:`), `summary starts with "${spec.client}:"`).toBe(false);
    // PHP clients list their words; a JS client's come from its roots (src/catalogue/prefilter.ts).
    if (spec.language === 'php') expect(spec.mentions.length).toBeGreaterThan(0);
    else expect(Object.values(spec.roots).flat().length).toBeGreaterThan(0);
    for (const word of spec.mentions ?? []) expect(word.trim()).not.toBe('');
    // A client may have no total option of its own (SoapClient: only an ini setting), but it names some option, an
    // idle one at least (http-proxy's proxyTimeout); one with none at all (Electron's net.request) is bounded only by
    // an abort of its request object, and has no fix.
    const idle = spec.language === 'js' && 'roots' in spec ? (spec.idle ?? []) : [];
    for (const o of idle) expect(['s', 'ms']).toContain(o.unit);
    if (!optionsOf(spec).length && !idle.length) expect(spec.fix.kind === 'none' && spec.language === 'js' && 'roots' in spec && spec.handle?.aborts?.length).toBeTruthy();
    for (const o of optionsOf(spec)) expect(['s', 'ms']).toContain(o.unit);
    expect(['fix', 'suggestion']).toContain(spec.fix.level);
  });

  test('names each timeout option once', () => {
    const names = optionsOf(spec).map((o) => o.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const codes = optionsOf(spec).flatMap((o) => (o.code === undefined ? [] : [o.code]));
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  test(`has fixtures under fixtures/${id}/ with an expect and an ok case`, () => {
    const files = filesUnder(path.join(root, 'fixtures', id)).filter((f) => !FIXED.test(f) && !f.endsWith('.md'));
    const kinds = files.map(annotations);
    expect(kinds.some((k) => k.has('expect')), 'no fixture with an `expect:` annotation').toBe(true);
    expect(kinds.some((k) => k.has('ok')), 'no fixture with an `ok:` annotation').toBe(true);
  });

  // A call shape's own fix (`fix` on a shape) may be applied where the spec's only suggests.
  const shapes = 'roots' in spec ? [...spec.calls, ...(spec.instances ?? [])] : [];
  const level = shapes.some((s) => s.fix?.level === 'fix') ? 'fix' : spec.fix.level;
  test(`has a .fixed file when a fix of it is applied by --fix, none when it only suggests (${level})`, () => {
    const fixed = filesUnder(path.join(root, 'fixtures', id)).filter((f) => FIXED.test(f));
    expect(fixed.length > 0).toBe(level === 'fix');
  });
});

// The prefilter passes a file only when it names a client: each class the engine makes or takes a client from
// must be named by a word, by its own name (an alias keeps it in the `use`) or its namespace's, or by a use of it that
// spells its short name whole (`new curl(`, `curl $c`), where the name alone is a word too common to pass on.
const OPTIONS_CLIENTS = CLIENTS.filter((c) => c.language === 'php' && c.special === 'options-client');

test.for(OPTIONS_CLIENTS.map((c) => c.id))('%s: its words name every class a client is made from or typed as', (id) => {
  const s = CLIENTS.find((c) => c.id === id) as unknown as { creates: { new?: string; static?: readonly [string, string] }[]; injected: string[]; mentions: string[] };
  // A static call's class and method as one word (`Drupal::httpClient`) name it wherever it is written.
  const classes: [string, string | null][] = [
    ...s.creates.flatMap((c): [string, string | null][] => (c.new ? [[c.new, null]] : c.static ? [[c.static[0], c.static[1]]] : [])),
    ...s.injected.map((i): [string, null] => [i, null]),
  ];
  for (const [fqn, method] of classes) {
    const cut = fqn.lastIndexOf('\\') + 1;
    const [namespace, short] = [fqn.slice(0, cut), fqn.slice(cut)];
    const whole = new RegExp(`(?:^|[^\\w\\\\])${short}(?:[^\\w\\\\]|$)`);
    const named = s.mentions.some((w) => [short, namespace].some((part) => part.includes(w.toLowerCase())) || fqn.endsWith(w.toLowerCase())
      || (method !== null && w.toLowerCase() === `${fqn}::${method}`) || (!namespace && whole.test(w.toLowerCase())));
    expect(named, `${fqn} is named by none of ${s.mentions.join(', ')}`).toBe(true);
  }
});
