import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, json, project, type Run } from './helpers';

const CONFIG = 'http-timeout-lint.config.json';

// A Vue entry: it sets the axios defaults after its imports ran; the components it loads call axios later.
const MAIN = `import { createApp } from 'vue';
import App from './App.vue';
import axios from 'axios';
import { api } from './api';

axios.defaults.timeout = 10000;

createApp(App).mount('#app');
`;
const USERS = `import axios from 'axios';

export function loadUsers() {
  return axios.get('/users');
}
`;
// Made while main.js's imports load, before its body sets the defaults: its instance does not get them.
const API = `import axios from 'axios';

export const api = axios.create({ baseURL: '/api' });
export const later = () => axios.create({ baseURL: '/api' });
`;

function vue(config: unknown): string {
  return project({ [CONFIG]: JSON.stringify(config), 'src/main.js': MAIN, 'src/api.js': API, 'src/components/users.js': USERS });
}

/** `file:line messageId` of each finding, files relative to `dir`. */
function found(run: Run, dir: string): string[] {
  return json(run).flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line} ${m.messageId}`));
}

describe('setup modules (config "setup")', () => {
  test('the defaults a Vue main.js sets reach the components; an instance made while its imports load does not get them', () => {
    const dir = vue({ setup: ['src/main.js'] });
    expect(found(cli(['-f', 'json', 'src'], { cwd: dir }), dir)).toEqual(['src/api.js:3 missingTimeout']);
    const without = vue({});
    expect(found(cli(['-f', 'json', 'src'], { cwd: without }), without)).toEqual([
      'src/api.js:3 missingTimeout',
      'src/api.js:4 missingTimeout',
      'src/components/users.js:4 missingTimeout',
    ]);
  });

  test("Laravel's bootstrap.js through window.axios and $.ajaxSetup, from package.json: global and imported axios, jQuery", () => {
    const bootstrap = `import axios from 'axios';
import $ from 'jquery';
window.axios = axios;
window.axios.defaults.headers.common['X-Requested-With'] = 'XMLHttpRequest';
window.axios.defaults.timeout = 10000;
window.$ = window.jQuery = $;
$.ajaxSetup({ timeout: 30000 });
`;
    const tree = {
      'resources/js/bootstrap.js': bootstrap,
      'resources/js/app.js': "import './bootstrap';\nimport './components/users';\n",
      'resources/js/components/users.js': "export const load = () => axios.get('/users');\nexport const legacy = () => $.ajax({ url: '/legacy' });\n",
      'resources/js/components/orders.ts': "import axios from 'axios';\nexport const list = () => axios.get('/orders');\n",
    };
    const pkg = (setup?: string[]) => JSON.stringify({ name: 'shop', ...(setup && { 'http-timeout-lint': { setup } }) });
    const dir = project({ ...tree, 'package.json': pkg(['resources/js/bootstrap.js']) });
    expect(found(cli(['-f', 'json', 'resources'], { cwd: dir }), dir)).toEqual([]);
    const without = project({ ...tree, 'package.json': pkg() });
    expect(found(cli(['-f', 'json', 'resources'], { cwd: without }), without)).toEqual([
      'resources/js/components/orders.ts:2 missingTimeout',
      'resources/js/components/users.js:1 missingTimeout',
      'resources/js/components/users.js:2 missingTimeout',
    ]);
  });

  test('a setup that turns the timeout off is reported there, as an imported setup module is; the calls it reaches are not', () => {
    const zero = "import axios from 'axios';\naxios.defaults.timeout = 0;\n";
    const dir = project({ [CONFIG]: JSON.stringify({ setup: ['src/boot.js'] }), 'src/boot.js': zero, 'src/users.js': USERS });
    expect(found(cli(['-f', 'json', 'src'], { cwd: dir }), dir)).toEqual(['src/boot.js:2 disabledTimeout']);
    const imported = project({ 'src/boot.js': zero, 'src/users.js': `import './boot';\n${USERS}` });
    expect(found(cli(['-f', 'json', 'src'], { cwd: imported }), imported)).toEqual(['src/boot.js:2 disabledTimeout']);
  });

  test('a setup module that cannot be read: one notice, and the run goes on without it (1 and 2 workers alike)', () => {
    const dir = vue({ setup: ['src/main.js', 'src/missing.js'] });
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `src/components/c${i}.js`), USERS);
    const runs = ['1', '2'].map((w) => cli(['-f', 'json', '--workers', w, 'src'], { cwd: dir }));
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('http-timeout-lint: src/missing.js: setup module cannot be read (ENOENT); the run goes on without it\n');
      expect(found(run, dir)).toEqual(['src/api.js:3 missingTimeout']);
    }
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
  });

  test('the cache: a result does not outlive a change to a setup module, or to a module it imports', () => {
    const dir = project({
      [CONFIG]: JSON.stringify({ setup: ['src/app.js'] }),
      'src/app.js': "import './defaults';\n",
      'src/defaults.js': "import axios from 'axios';\naxios.defaults.timeout = 10000;\n",
      'src/users.js': USERS,
    });
    const users = () => found(cli(['-f', 'json', '--cache', 'src/users.js'], { cwd: dir }), dir);
    expect(users()).toEqual([]);
    writeFileSync(join(dir, 'src/defaults.js'), "import axios from 'axios';\naxios.defaults.baseURL = '/api';\n");
    expect(users()).toEqual(['src/users.js:4 missingTimeout']);
    writeFileSync(join(dir, 'src/app.js'), "import './defaults';\nimport axios from 'axios';\naxios.defaults.timeout = 5000;\n");
    expect(users()).toEqual([]);
  });

  test('a setup path that is no JS/TS module is a config error', () => {
    const run = cli([], { cwd: project({ [CONFIG]: JSON.stringify({ setup: ['src/App.vue'] }), 'a.js': USERS }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^http-timeout-lint: http-timeout-lint\.config\.json: "setup\[0\]" "src\/App\.vue" is not a JS\/TS module/);
  });
});
