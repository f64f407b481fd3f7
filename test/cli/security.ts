import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, json, project } from './helpers';

describe('security', () => {
  test('an import that points out of the tree is not read; one inside it is', () => {
    const outside = project({ 'client.js': "module.exports = require('axios');\n" });
    const dir = project({});
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'client.js'), "module.exports = require('axios');\n");
    const rel = join('..', '..', outside.split('/').pop()!, 'client');
    writeFileSync(join(dir, 'src', 'out.js'), `const http = require('${rel}');\nhttp.get('https://x.test/');\n`);
    writeFileSync(join(dir, 'src', 'in.js'), "const http = require('./client');\nhttp.get('https://x.test/');\n");
    // The same through tsconfig aliases: one that maps out of the tree is not followed.
    const paths = { '@out/*': [join('..', '..', outside.split('/').pop()!, '*')], '@in/*': ['./src/*'] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths } }));
    writeFileSync(join(dir, 'src', 'alias-out.js'), "const http = require('@out/client');\nhttp.get('https://x.test/');\n");
    writeFileSync(join(dir, 'src', 'alias-in.js'), "const http = require('@in/client');\nhttp.get('https://x.test/');\n");
    const run = cli(['--format', 'json', 'src'], { cwd: dir });
    const byFile = Object.fromEntries(json(run).map((r) => [r.filePath.split('/').pop(), r.messages.map((m) => m.ruleId)]));
    // Through the module inside the tree, the axios call is seen; through the one outside, nothing is read.
    expect(byFile['in.js']).toEqual(['js/axios']);
    expect(byFile['out.js']).toEqual([]);
    expect(byFile['alias-in.js']).toEqual(['js/axios']);
    expect(byFile['alias-out.js']).toEqual([]);
  });

  test('a config file is data: a .js config is not run, only JSON is read', () => {
    const dir = project({ 'a.php': '<?php\n', 'http-timeout-lint.config.js': "require('fs').writeFileSync('pwned', '1');\n" });
    const run = cli(['--config', 'http-timeout-lint.config.js', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not (valid )?JSON/i);
  });
});
