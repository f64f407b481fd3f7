import * as path from 'node:path';
import { expect, test } from 'vitest';
import { cli, expectAllWaiting, fixCopies, root, stallSuite, StallServer } from './support/stall';

// More JS fix shapes: fetch through Function.prototype.call, fetch with a signal relayed from an untimed
// controller (the fix wraps it in AbortSignal.any), http.get with only a callback, a socket timeout of 0, and a
// `timeout` option that only emits its event.
// Pointed at a server that accepts and never answers, each hangs; after --fix (total 2 s from config) each
// rejects on time.
// Each seed has a server of its own, so they run side by side.
const env = (s: StallServer) => ({ STALL_URL: s.url() });
const seeds = [
  { file: 'fixtures/js/fetch/runtime-stall-call.mjs', env, error: /TimeoutError\]?: The operation was aborted due to timeout/ },
  { file: 'fixtures/js/fetch/runtime-stall-relayed-signal.mjs', env, error: /TimeoutError\]?: The operation was aborted due to timeout/ },
  // the seed prints err.name and err.cause.name: an abort caused by AbortSignal.timeout
  { file: 'fixtures/js/node-http/runtime-stall-callback.cjs', env, error: /AbortError: TimeoutError/ },
  // socket.setTimeout(0) restored to an idle bound, with a callback that destroys the socket when it fires
  { file: 'fixtures/js/node-http/runtime-stall-socket-timeout.cjs', env, error: /Error: timed out/ },
  // a `timeout` option no listener acts on: the fix adds a signal no shorter than it (here the 2 s total)
  { file: 'fixtures/js/node-http/runtime-stall-timeout-option.cjs', env, error: /AbortError: TimeoutError/ },
];
const HANG_MS = 4_000;
const TOTAL_S = 2;
// undici's fast timers tick about every 0.5 s (http-clients.md), and node takes a moment to start.
const MARGIN_MS = 1_500;

const { servers, tmp } = stallSuite('runtime-js-more', seeds);

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  await expectAllWaiting(process.execPath, seeds, servers, HANG_MS);
});

test('after --fix with total 2 s, each seed rejects within the bound', async () => {
  const files = fixCopies(
    tmp(),
    seeds.map((s) => s.file),
    { connectTimeout: 1, totalTimeout: TOTAL_S },
  );
  const runs = await Promise.all(files.map((f, i) => servers[i]!.run(process.execPath, [f], env(servers[i]!), TOTAL_S * 1000 + MARGIN_MS + 5_000)));
  runs.forEach((run, i) => {
    const name = seeds[i]!.file;
    expect(run.timedOut, `${name} still hangs`).toBe(false);
    expect(run.ms, name).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, name).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, name).not.toBe(0);
    expect(run.stderr, name).toMatch(seeds[i]!.error);
  });
});

// A wrapper that spreads its caller's init: the fix's signal goes after the spread, combined with the caller's.
// Called with `{ signal: undefined }` (react-admin's `{ signal: params?.signal }`), the timeout still fires (a signal
// written before the spread was undone); called with the caller's own cancel signal, that still ends it at once.
// Run one at a time, after the seeds above, so that their timings are not disturbed.
test('after --fix, a wrapper spreading the caller\'s init is bounded when they pass { signal: undefined }, and their cancel still works', async () => {
  const undefinedSeed = 'fixtures/js/fetch/runtime-stall-caller-undefined.mjs';
  const cancelSeed = 'fixtures/js/fetch/runtime-stall-caller-cancel.mjs';
  const server = new StallServer();
  await server.start();
  try {
    const before = await server.run(process.execPath, [path.join(root, undefinedSeed)], env(server), HANG_MS);
    expect(before.timedOut, `${undefinedSeed} exited after ${before.ms} ms: ${before.stderr}`).toBe(true);
    const [bounded, cancelled] = fixCopies(tmp(), [undefinedSeed, cancelSeed], { connectTimeout: 1, totalTimeout: TOTAL_S });
    const run = await server.run(process.execPath, [bounded!], env(server), TOTAL_S * 1000 + MARGIN_MS + 5_000);
    expect(run.timedOut, `${undefinedSeed} still hangs`).toBe(false);
    expect(run.ms, undefinedSeed).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.code, undefinedSeed).not.toBe(0);
    expect(run.stderr, undefinedSeed).toMatch(/TimeoutError/);
    const cancel = await server.run(process.execPath, [cancelled!], env(server), TOTAL_S * 1000 + MARGIN_MS + 5_000);
    expect(cancel.timedOut, `${cancelSeed} still hangs`).toBe(false);
    expect(cancel.code, cancelSeed).not.toBe(0);
    // the caller's abort, not the timeout: well before the 2 s bound
    expect(cancel.ms, cancelSeed).toBeLessThan(1_000);
    expect(cancel.stderr, cancelSeed).toMatch(/AbortError/);
    expect(cancel.stderr, cancelSeed).not.toMatch(/TimeoutError/);
  } finally {
    await server.stop();
  }
});

// A destroy timer cleared once the headers are in, and a timer armed then that destroys the response: each phase has
// its bound, so the seed is not reported and no fix cuts its body to the headers' 1 s. Pointed at a server that sends
// its headers and part of the body, then goes silent, the body timer ends it at 2 s.
test('a timer on the response armed as the headers timer is cleared ends a body that stops, and nothing is reported', async () => {
  const seed = 'fixtures/js/node-http/runtime-stall-body-timer.cjs';
  const lint = cli(root, ['--format', 'json', '--no-ignore', seed]);
  expect((JSON.parse(lint.stdout) as { messages: unknown[] }[]).flatMap((r) => r.messages)).toEqual([]);
  const server = new StallServer('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[1,');
  await server.start();
  try {
    const run = await server.run(process.execPath, [path.join(root, seed)], env(server), HANG_MS + 5_000);
    expect(run.timedOut, `${seed} still hangs`).toBe(false);
    expect(run.wallMs).toBeGreaterThanOrEqual(2_000);
    expect(run.ms).toBeLessThan(2_000 + MARGIN_MS);
    expect(run.stderr).toMatch(/Error: body timeout/);
    expect(server.requests).toBe(1);
  } finally {
    await server.stop();
  }
});
