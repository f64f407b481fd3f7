import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOC_HEADINGS, DOC_MARKERS } from './markdown';
import { findRoot } from './root';

const ID = /^(php|js)\/[a-z0-9]+(-[a-z0-9]+)*$/;

export class ScaffoldError extends Error {}

type Language = 'php' | 'js';

function languageOf(id: string): Language {
  if (!ID.test(id)) throw new ScaffoldError(`"${id}" is not a rule id like php/guzzle or js/node-fetch`);
  return id.split('/')[0] as Language;
}

/** The import name of a spec in rules/index.ts: 'js/node-fetch' -> 'jsNodeFetch'. */
export function identifierOf(id: string): string {
  return id.replace(/[/-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A spec with the fields every kind shares; the kind's own fields are left to fill in. */
export function specText(id: string): string {
  const name = id.split('/')[1]!;
  const unit = languageOf(id) === 'php' ? 's' : 'ms';
  return `import { defineClient } from '../../src/catalogue/define-client';

// Each behavioural fact (default, unit, what 0 means) gets a comment naming its source.
export default defineClient({
  id: '${id}',
  language: '${languageOf(id)}',
  client: '${name}',
  summary: '',
${languageOf(id) === 'php' ? `  // A file that mentions none of these words outside comments cannot hold a finding.
  mentions: ['${name}'],
` : `  // The prefilter looks for these roots: each global by its name, each module by its import or require().
  roots: { ${name}: [{ module: '${name}' }] },
`}  total: { options: [{ name: '', unit: '${unit}' }], never: [], unset: [] },
  connect: null,
  libraryDefault: null,
  // The fields of one ClientSpec kind (src/catalogue/define-client.ts) go here: the calls or handle, and the fix.
});
`;
}

function fence(language: Language): string {
  return language === 'php' ? 'php\n<?php' : 'ts';
}

/** A doc with the generated block, the headings, and one expect and one ok example to replace. */
export function docText(id: string): string {
  const f = fence(languageOf(id));
  const [why, examples, limits, refs] = DOC_HEADINGS;
  return `# ${id}
${DOC_MARKERS.begin}
${DOC_MARKERS.end}

## ${why}

What the client does when no timeout is set, and what each option bounds, with the source of each fact.

## ${examples}

<!-- expect: missingTimeout -->
\`\`\`${f}
// a call with no timeout
\`\`\`

<!-- ok: connect and total timeout set -->
\`\`\`${f}
// the same call with both timeouts
\`\`\`

## ${limits}

- None known yet.

## ${refs}

- The client's documentation of its timeout options.
`;
}

/** A first fixture: one expect and one ok case to replace with real calls. */
export function fixtureText(id: string): string {
  if (languageOf(id) === 'php') {
    return `<?php
// expect: missingTimeout
$response = request_without_timeout('https://api.example.test/');

// ok: connect and total timeout set
$response = request_with_timeouts('https://api.example.test/');
`;
  }
  return `// expect: missingTimeout
await requestWithoutTimeout('https://api.example.test/');

// ok: connect and total timeout set
await requestWithTimeouts('https://api.example.test/');
`;
}

/** Adds the spec's import and its entry in CLIENTS to the text of rules/index.ts. */
export function addToIndex(indexText: string, id: string): string {
  const ident = identifierOf(id);
  const imports = [...indexText.matchAll(/^import (\w+) from '\.\/([\w/-]+)';\r?\n/gm)];
  if (imports.some((m) => m[1] === ident || m[2] === id)) throw new ScaffoldError(`rules/index.ts already imports ${id}`);
  const list = /(\bCLIENTS\b[^=]*=\s*\[)([^\]]*)(\])/.exec(indexText);
  if (!list) throw new ScaffoldError('rules/index.ts has no `CLIENTS = [...]` list');
  const entries = list[2]!.split(',').map((s) => s.trim()).filter(Boolean);
  entries.push(ident);
  const oneLine = entries.join(', ');
  const body = list[2]!.includes('\n') || oneLine.length > 80 ? `\n${entries.map((e) => `  ${e},\n`).join('')}` : oneLine;
  const out = indexText.slice(0, list.index) + list[1] + body + list[3] + indexText.slice(list.index + list[0].length);
  // Imports sit above the list, so their offsets still hold. Keep them sorted by path.
  const next = imports.find((m) => m[2]! > id);
  const last = imports[imports.length - 1];
  const at = next ? next.index : last ? last.index + last[0].length : out.indexOf('\n', out.search(/^import /m)) + 1;
  return out.slice(0, at) + `import ${ident} from './${id}';\n` + out.slice(at);
}

/** Writes the spec, doc, first fixture and index entry of a new client; returns the files written. */
export function scaffold(root: string, id: string): string[] {
  const language = languageOf(id);
  const ext = language === 'php' ? '.php' : '.ts';
  const files: [string, string][] = [
    [`rules/${id}.ts`, specText(id)],
    [`rules/${id}.md`, docText(id)],
    [`fixtures/${id}/basic${ext}`, fixtureText(id)],
  ];
  const taken = [`rules/${id}.ts`, `rules/${id}.md`, `fixtures/${id}`].filter((f) => fs.existsSync(path.join(root, f)));
  if (taken.length) throw new ScaffoldError(`${id} exists already: ${taken.join(', ')}`);
  const indexFile = path.join(root, 'rules', 'index.ts');
  const index = addToIndex(fs.readFileSync(indexFile, 'utf8'), id);
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text, { flag: 'wx' });
  }
  fs.writeFileSync(indexFile, index);
  return [...files.map(([f]) => f), 'rules/index.ts'];
}

/** `new-client <lang>/<name>`: exit 0 with the files written, 1 when the id is taken, 2 on bad usage. */
export function main(argv: readonly string[], root = findRoot(__dirname)): number {
  if (argv.length !== 1) {
    process.stderr.write('usage: npm run new-client -- <php|js>/<name>, e.g. php/guzzle\n');
    return 2;
  }
  try {
    for (const file of scaffold(root, argv[0]!)) process.stdout.write(`wrote ${file}\n`);
    process.stdout.write('Next: fill in the spec, replace the fixture and doc examples with real calls, then npm run docs.\n');
    return 0;
  } catch (err) {
    if (!(err instanceof ScaffoldError)) throw err;
    process.stderr.write(`new-client: ${err.message}\n`);
    return ID.test(argv[0]!) ? 1 : 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
