import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fixCopies, requirePhpCurl, root, scratch, StallServer } from './support/stall';

// The seed: a CRL fetch with curl and no timeouts. Pointed at a server that accepts and never answers,
// it hangs; after --fix (connect 1 s, total 2 s) it fails with a curl timeout within the bound.
const seed = 'fixtures/php/curl/seed-crl-fetch.php';
const HANG_MS = 3_000;
const TOTAL_S = 2;
const MARGIN_MS = 1_500;

const server = new StallServer();
let tmp = '';
const env = () => ({ CRL_URL: server.url('/ca.crl'), CRL_CACHE: path.join(tmp, 'ca.crl') });

beforeAll(async () => {
  requirePhpCurl();
  await server.start();
  tmp = scratch('runtime-curl');
});

afterAll(async () => {
  await server.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the seed, pointed at a silent server, is still waiting after a few seconds', async () => {
  const run = await server.run('php', [path.join(root, seed)], env(), HANG_MS);
  expect(run.timedOut, `php exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true);
  expect(server.accepted, 'php never connected to the server').toBeGreaterThan(0);
});

test('after --fix with connect 1 s and total 2 s, it fails with a curl timeout within the bound', async () => {
  const [file] = fixCopies(tmp, [seed], { connectTimeout: 1, totalTimeout: TOTAL_S });
  const lint = spawnSync('php', ['-l', file!], { encoding: 'utf8' });
  expect(lint.status, lint.stdout + lint.stderr).toBe(0);

  const run = await server.run('php', [file!], env(), TOTAL_S * 1000 + MARGIN_MS + 2_000);
  expect(run.timedOut, 'the fixed file still hangs').toBe(false);
  expect(run.ms).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
  expect(run.wallMs).toBeGreaterThanOrEqual(TOTAL_S * 1000);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/errno 28: .*timed out/i);
});

// curl_multi_add_handle() only queues the handle: options set after it, before curl_multi_exec() sends the request,
// bound it. The linter accepts the seed as it is; on a silent server it gives up after its 1 s total.
const multiSeed = 'fixtures/php/curl/runtime-stall-multi-late.php';

test('options set after curl_multi_add_handle bound the request: the linter says nothing, and the run ends at 1 s', async () => {
  const lint = spawnSync(process.execPath, [path.join(root, 'bin/http-timeout-lint.js'), '--format', 'json', path.join(root, multiSeed)], { encoding: 'utf8' });
  expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  expect((JSON.parse(lint.stdout) as { messages: unknown[] }[]).flatMap((r) => r.messages)).toEqual([]);

  const accepted = server.accepted;
  const run = await server.run('php', [path.join(root, multiSeed)], { STATUS_URL: server.url('/health') }, 1_000 + MARGIN_MS + 2_000);
  expect(server.accepted, 'php never connected to the server').toBeGreaterThan(accepted);
  expect(run.timedOut, 'the request is still waiting: the options set after curl_multi_add_handle did not apply').toBe(false);
  expect(run.ms).toBeLessThan(1_000 + MARGIN_MS);
  expect(run.ms).toBeGreaterThanOrEqual(800);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/errno 28: Timeout was reached/);
});
