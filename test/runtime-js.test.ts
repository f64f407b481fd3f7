import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fixCopies, root, scratch, StallServer } from './support/stall';

// The JS seeds: fetch and axios with no timeout, node:http with its idle timeout off. Pointed at a server that accepts and never answers, they
// hang; after --fix (total 2 s from config) they reject on time. axios is a pinned devDependency, found
// through NODE_PATH because the copies run from a temp folder (the scanned code is run only here, as a child).
const seeds = ['fixtures/js/fetch/runtime-stall.mjs', 'fixtures/js/axios/runtime-stall.cjs', 'fixtures/js/node-http/runtime-stall.cjs'];
const HANG_MS = 4_000;
const TOTAL_S = 2;
// undici's fast timers tick about every 0.5 s (http-clients.md), and node takes a moment to start.
const MARGIN_MS = 1_500;

const server = new StallServer();
let tmp = '';
const env = () => ({ STALL_URL: server.url(), NODE_PATH: path.join(root, 'node_modules') });

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'node_modules/axios'))) throw new Error('axios is missing: run npm ci (it is a devDependency)');
  await server.start();
  tmp = scratch('runtime-js');
});

afterAll(async () => {
  await server.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  for (const seed of seeds) {
    const run = await server.run(process.execPath, [path.join(root, seed)], env(), HANG_MS);
    expect(run.timedOut, `${seed} exited after ${run.ms} ms: ${run.stderr}`).toBe(true);
  }
  expect(server.accepted, 'the seeds never connected to the server').toBeGreaterThanOrEqual(seeds.length);
});

test('after --fix with total 2 s, each seed rejects within the bound', async () => {
  const files = fixCopies(tmp, seeds, { connectTimeout: 1, totalTimeout: TOTAL_S });
  for (const [i, f] of files.entries()) {
    const run = await server.run(process.execPath, [f], env(), TOTAL_S * 1000 + MARGIN_MS + 5_000);
    const name = seeds[i];
    expect(run.timedOut, `${name} still hangs`).toBe(false);
    expect(run.ms, name).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, name).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, name).not.toBe(0);
    expect(run.stderr, name).toMatch(/TimeoutError|timeout of 2000ms exceeded/);
  }
});
