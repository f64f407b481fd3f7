import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The seed: a CRL fetch with curl and no timeouts. Pointed at a server that accepts and never answers,
// it hangs; after --fix (connect 1 s, total 2 s) it fails with a curl timeout within the bound.
const root = path.resolve(__dirname, '..');
const seed = path.join(root, 'fixtures/php/curl/seed-crl-fetch.php');
const bin = path.join(root, 'bin/http-timeout-lint.js');
const HANG_MS = 3_000;
const TOTAL_S = 2;
const MARGIN_MS = 1_500;

const sockets = new Set<net.Socket>();
let accepted = 0;
const server = net.createServer((socket) => {
  accepted++;
  sockets.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
});
let tmp = '';
let url = '';

function requirePhp(): void {
  const probe = spawnSync('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 3);'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('php not found: install it with `apt-get install -y php-cli php-curl`');
  }
}

interface Run {
  code: number | null;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs `php file` against the server; kills it after `limitMs` if it is still running. */
function runPhp(file: string, limitMs: number): Promise<Run> {
  const env = { ...process.env, CRL_URL: url, CRL_CACHE: path.join(tmp, 'ca.crl') };
  const started = Date.now();
  const child: ChildProcess = spawn('php', [file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8' });
}

beforeAll(async () => {
  requirePhp();
  if (!fs.existsSync(path.join(root, 'dist/src/cli/main.js'))) throw new Error('the CLI is not built: run npm run build');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/ca.crl`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-curl-'));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the seed, pointed at a silent server, is still waiting after a few seconds', async () => {
  const run = await runPhp(seed, HANG_MS);
  expect(run.timedOut, `php exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true);
  expect(accepted, 'php never connected to the server').toBeGreaterThan(0);
});

test('after --fix with connect 1 s and total 2 s, it fails with a curl timeout within the bound', async () => {
  const file = path.join(tmp, 'seed-crl-fetch.php');
  const config = path.join(tmp, 'fix-config.json');
  fs.copyFileSync(seed, file);
  fs.writeFileSync(config, JSON.stringify({ fix: { connectTimeout: 1, totalTimeout: TOTAL_S } }));

  const fix = cli(['--fix', '--config', config, file]);
  expect(fix.status, fix.stderr + fix.stdout).toBe(0);
  const fixed = fs.readFileSync(file, 'utf8');
  expect(fixed).not.toBe(fs.readFileSync(seed, 'utf8'));

  const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
  expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  const again = cli(['--format', 'json', '--config', config, file]);
  expect(again.status, again.stderr).toBe(0);
  expect((JSON.parse(again.stdout) as { messages: unknown[] }[])[0]!.messages).toEqual([]);

  const run = await runPhp(file, TOTAL_S * 1000 + MARGIN_MS + 2_000);
  expect(run.timedOut, 'the fixed file still hangs').toBe(false);
  expect(run.ms).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
  expect(run.ms).toBeGreaterThanOrEqual(TOTAL_S * 1000 - 200);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/errno 28: .*timed out/i);
});
