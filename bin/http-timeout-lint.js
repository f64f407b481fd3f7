#!/usr/bin/env node
'use strict';
require('../dist/src/cli/code-cache.js').cacheTypeScriptCompile();
require('../dist/src/cli/main.js').run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`http-timeout-lint: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
