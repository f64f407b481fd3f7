import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The JS seeds: fetch and axios with no timeout. Pointed at a server that accepts and never answers, they
// hang; after --fix (total 2 s from config) they reject on time. axios is a pinned devDependency, found
// through NODE_PATH because the copies run from a temp folder (the scanned code is run only here, as a child).
const root = path.resolve(__dirname, '..');
const seeds = ['fixtures/js/fetch/runtime-stall.mjs', 'fixtures/js/axios/runtime-stall.cjs'];
const bin = path.join(root, 'bin/http-timeout-lint.js');
const HANG_MS = 4_000;
const TOTAL_S = 2;
// undici's fast timers tick about every 0.5 s (http-clients.md), and node takes a moment to start.
const MARGIN_MS = 1_500;

const sockets = new Set<net.Socket>();
let accepted = 0;
// The bound counts from the connection: starting node and loading axios take a second on a busy CI box.
let lastAccept = 0;
const server = net.createServer((socket) => {
  accepted++;
  lastAccept = Date.now();
  sockets.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
});
let tmp = '';
let url = '';

interface Run {
  code: number | null;
  stderr: string;
  /** From the server accepting the child's connection to the child's exit. */
  ms: number;
  timedOut: boolean;
}

/** Runs `node file` against the server; kills it after `limitMs` if it is still running. */
function runNode(file: string, limitMs: number): Promise<Run> {
  const env = { ...process.env, STALL_URL: url, NODE_PATH: path.join(root, 'node_modules') };
  const started = Date.now();
  lastAccept = 0;
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - (lastAccept || started), timedOut });
    });
  });
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8' });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist/src/cli/main.js'))) throw new Error('the CLI is not built: run npm run build');
  if (!fs.existsSync(path.join(root, 'node_modules/axios'))) throw new Error('axios is missing: run npm ci (it is a devDependency)');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-js-'));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  const runs = [];
  for (const s of seeds) runs.push(await runNode(path.join(root, s), HANG_MS));
  runs.forEach((run, i) => expect(run.timedOut, `${seeds[i]} exited after ${run.ms} ms: ${run.stderr}`).toBe(true));
  expect(accepted, 'the seeds never connected to the server').toBeGreaterThanOrEqual(seeds.length);
});

test('after --fix with total 2 s, each seed rejects within the bound', async () => {
  const files = seeds.map((s) => path.join(tmp, path.basename(s)));
  seeds.forEach((s, i) => fs.copyFileSync(path.join(root, s), files[i]!));
  const config = path.join(tmp, 'fix-config.json');
  fs.writeFileSync(config, JSON.stringify({ fix: { connectTimeout: 1, totalTimeout: TOTAL_S } }));

  const fix = cli(['--fix', '--config', config, ...files]);
  expect(fix.status, fix.stderr + fix.stdout).toBe(0);
  files.forEach((f, i) => expect(fs.readFileSync(f, 'utf8')).not.toBe(fs.readFileSync(path.join(root, seeds[i]!), 'utf8')));
  const again = cli(['--format', 'json', '--config', config, ...files]);
  expect(again.status, again.stderr).toBe(0);
  expect((JSON.parse(again.stdout) as { messages: unknown[] }[]).flatMap((r) => r.messages)).toEqual([]);

  for (const [i, f] of files.entries()) {
    const run = await runNode(f, TOTAL_S * 1000 + MARGIN_MS + 5_000);
    const name = seeds[i];
    expect(run.timedOut, `${name} still hangs`).toBe(false);
    expect(run.ms, name).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.ms, name).toBeGreaterThanOrEqual(TOTAL_S * 1000 - 200);
    expect(run.code, name).not.toBe(0);
    expect(run.stderr, name).toMatch(/TimeoutError|timeout of 2000ms exceeded/);
  }
});
