import { expect, test } from 'vitest';
import { expectAllWaiting, fixCopies, stallSuite, type StallServer } from './support/stall';

// More JS fix shapes: fetch through Function.prototype.call, fetch with a signal relayed from an untimed
// controller (the fix wraps it in AbortSignal.any), http.get with only a callback, and a socket timeout of 0.
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
