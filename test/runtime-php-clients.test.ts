import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEBIAN_PHP, fixCopies, requireDebianPhp, requirePhpCurl, root, scratch, StallServer } from './support/stall';

// Two more PHP seeds: a stream read with no context, and a Guzzle client made without timeouts. Pointed
// at a server that accepts and never answers, they wait (the stream for php.ini's default_socket_timeout,
// 60 s, which does not count as code's own bound; Guzzle forever); after --fix they give up on time.
const seeds = ['fixtures/php/stream/runtime-stall.php', 'fixtures/php/guzzle/runtime-stall.php'];
const GUZZLE = DEBIAN_PHP.guzzle.autoload;
const HANG_MS = 3_000;
const TOTAL_S = 2;
const MARGIN_MS = 1_500;

const server = new StallServer();
let tmp = '';
const env = () => ({ STATUS_URL: server.url('/health'), API_URL: server.url('/v1/ping'), GUZZLE_AUTOLOAD: GUZZLE });

beforeAll(async () => {
  requirePhpCurl();
  requireDebianPhp('guzzle');
  await server.start();
  tmp = scratch('runtime-php');
});

afterAll(async () => {
  await server.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  for (const seed of seeds) {
    const before = server.accepted;
    const run = await server.run('php', [path.join(root, seed)], env(), HANG_MS);
    expect(run.timedOut, `${seed} exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true);
    expect(server.accepted, `${seed} never connected`).toBeGreaterThan(before);
  }
});

test('after --fix with connect 1 s and total 2 s, each gives up within the bound', async () => {
  const files = fixCopies(tmp, seeds, { connectTimeout: 1, totalTimeout: TOTAL_S });
  for (const [i, file] of files.entries()) {
    const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const run = await server.run('php', [file], env(), TOTAL_S * 1000 + MARGIN_MS + 3_000);
    const name = seeds[i];
    expect(run.timedOut, `${name} still hangs`).toBe(false);
    expect(run.ms, name).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, name).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, name).toBe(1);
    expect(run.stderr, name).toMatch(/status fetch failed|request failed: .*(timed out|error 28)/i);
  }
});
