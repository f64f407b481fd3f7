import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { cli, expectAllWaiting, fixCopies, root, stallSuite, StallServer, type TimedSeed } from './support/stall';

// The npm clients, each at the pinned devDependency version whose options its rule's fix writes: got, undici
// (request, an Agent and a Client with timeouts of 0, and its fetch), node-fetch 2, superagent, needle, ky (timeout
// false), ofetch, @hapi/wreck, request, teeny-request 9, node:http2, and an http-proxy server's upstream request.
// Pointed at a server that accepts and never answers, each hangs; after --fix (connect 1 s, total 2 s from config)
// each gives up with the client's own timeout error. Each seed has a server of its own, so they run side by side.
interface Seed extends TimedSeed {
  /** Attempts the client makes (its own retries), each bounded; the wait before each retry is in `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
}
const env = (s: StallServer) => ({ STALL_URL: s.url() });
const CONNECT_S = 1;
const TOTAL_S = 2;
const seeds: Seed[] = [
  // got retries a GET twice on a timeout, 1 s then 2 s apart (calculate-retry-delay.js): the bound is per attempt.
  { file: 'fixtures/js/got/runtime-stall.mjs', env, error: /Timeout awaiting 'request' for 2000ms/, attempts: 3, backoffMs: 3_000 },
  { file: 'fixtures/js/undici/runtime-stall-request.mjs', env, error: /HeadersTimeoutError: Headers Timeout Error/ },
  { file: 'fixtures/js/undici/runtime-stall-agent.mjs', env, error: /HeadersTimeoutError: Headers Timeout Error/ },
  // its origin is process.env.STALL_URL as it is: a string, so the options after it are read
  { file: 'fixtures/js/undici/runtime-stall-client.mjs', env, error: /HeadersTimeoutError: Headers Timeout Error/ },
  { file: 'fixtures/js/fetch/runtime-stall-undici.mjs', env, error: /TimeoutError\]?: The operation was aborted due to timeout/ },
  // node-fetch 2: the fix's signal aborts it; a timeout written as 0 is given the total, node-fetch's own timer
  { file: 'fixtures/js/fetch/runtime-stall-node-fetch.cjs', env, error: /request failed: AbortError: The user aborted a request/ },
  { file: 'fixtures/js/fetch/runtime-stall-node-fetch-disabled.cjs', env, error: /request failed: FetchError: network timeout at: http:\/\/127\.0\.0\.1/ },
  // `response` runs to the first byte, connect included: the fix gives it the connect value, which ends a silent server.
  { file: 'fixtures/js/superagent/runtime-stall.mjs', env, error: /Response timeout of 1000ms exceeded/, boundMs: CONNECT_S * 1000 },
  // needle destroys the request when its response_timeout timer fires (lib/needle.js set_timeout): a hang up.
  { file: 'fixtures/js/needle/runtime-stall.cjs', env, error: /request failed: socket hang up/ },
  { file: 'fixtures/js/ky/runtime-stall.mjs', env, error: /TimeoutError: Request timed out: GET/ },
  // ofetch retries a GET once, with the aborted signal of the first attempt: it fails at once, without connecting.
  { file: 'fixtures/js/ofetch/runtime-stall.mjs', env, error: /FetchError: .*<no response> \[TimeoutError\]: The operation was aborted due to timeout/ },
  { file: 'fixtures/js/wreck/runtime-stall.cjs', env, error: /request failed: Client request timeout/ },
  // teeny-request 9 hands its timeout to node-fetch 2, whose own timer ends it
  { file: 'fixtures/js/teeny-request/runtime-stall.cjs', env, error: /request failed: FetchError: network timeout at: http:\/\/127\.0\.0\.1/ },
  // request's timeout, once connected, is an idle bound on the socket: a silent server runs it out.
  { file: 'fixtures/js/request/runtime-stall.cjs', env, error: /request failed: ESOCKETTIMEDOUT/ },
  // the seed prints err.name and err.cause.name: the stream aborted by AbortSignal.timeout
  { file: 'fixtures/js/node-http2/runtime-stall.cjs', env, error: /AbortError: TimeoutError/ },
  // http-proxy's proxyTimeout aborts the upstream request when its socket idles that long: the proxy's 'error'.
  { file: 'fixtures/js/http-proxy/runtime-stall.cjs', env, error: /request failed: ECONNRESET: socket hang up/ },
];
// Sixteen node programs start at once, some importing large clients: on a loaded machine a few take seconds to connect.
const HANG_MS = 6_000;
// undici's fast timers tick about every 0.5 s (http-clients.md), and node takes a moment to start.
const MARGIN_MS = 1_500;

const CLIENTS = ['got', 'undici', 'node-fetch', 'superagent', 'needle', 'ky', 'ofetch', '@hapi/wreck', 'request', 'http-proxy'];

const { servers, tmp } = stallSuite('runtime-js-clients', seeds, () => {
  for (const name of [...CLIENTS, 'teeny-request', 'teeny-request-10']) {
    if (!fs.existsSync(path.join(root, 'node_modules', name))) throw new Error(`${name} is missing: run npm ci (it is a devDependency)`);
  }
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  await expectAllWaiting(process.execPath, seeds, servers, HANG_MS);
});

test('after --fix with connect 1 s and total 2 s, each gives up within the bound with its own timeout error', async () => {
  const files = fixCopies(
    tmp(),
    seeds.map((s) => s.file),
    { connectTimeout: CONNECT_S, totalTimeout: TOTAL_S },
  );
  const before = servers.map((s) => s.accepted);
  const runs = await Promise.all(
    files.map((f, i) => {
      const { attempts = 1, backoffMs = 0 } = seeds[i]!;
      return servers[i]!.run(process.execPath, [f], env(servers[i]!), attempts * TOTAL_S * 1000 + backoffMs + MARGIN_MS + 5_000);
    }),
  );
  runs.forEach((run, i) => {
    const { file, error, boundMs = TOTAL_S * 1000, attempts = 1, backoffMs = 0 } = seeds[i]!;
    expect(run.timedOut, `${file} still hangs`).toBe(false);
    expect(servers[i]!.accepted - before[i]!, `${file}: connections`).toBe(attempts);
    // from the last connection to the exit: one bound
    expect(run.ms, file).toBeLessThan(boundMs + MARGIN_MS);
    expect(run.wallMs, file).toBeGreaterThanOrEqual(attempts * boundMs + backoffMs);
    expect(run.code, file).not.toBe(0);
    expect(run.stderr, file).toMatch(error);
  });
});

// teeny-request 10 sends through node-fetch 3, which ignores the timeout it is handed, and passes it no signal. The
// copy runs with 10.1.0 in the node_modules beside it (installed as teeny-request-10), where the rule reads the
// version: the request is reported, timeout and all, with no fix, and a silent server holds it past the timeout.
test('teeny-request 10: its timeout bounds nothing, so the request is reported with no fix, and a silent server holds it', async () => {
  const seed = 'fixtures/js/teeny-request/v10/runtime-stall.cjs';
  const dir = path.join(tmp(), 'teeny-request-10');
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules/teeny-request-10'), path.join(dir, 'node_modules/teeny-request'), 'dir');
  const copy = path.join(dir, path.basename(seed));
  fs.copyFileSync(path.join(root, seed), copy);
  const lint = cli(dir, ['--format', 'json', copy]);
  const messages = (JSON.parse(lint.stdout) as { messages: { messageId: string; fix?: unknown; message: string }[] }[]).flatMap((r) => r.messages);
  expect(messages.map((m) => m.messageId)).toEqual(['missingTimeout']);
  expect(messages[0]!.fix).toBeUndefined();
  expect(messages[0]!.message).toMatch(/node-fetch 3 ignores `timeout`/);
  const server = new StallServer();
  await server.start();
  try {
    // twice its timeout of 2 s, and more
    const run = await server.run(process.execPath, [copy], { STALL_URL: server.url() }, HANG_MS + 1_000);
    expect(run.timedOut, `exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true);
    expect(server.accepted).toBe(1);
  } finally {
    await server.stop();
  }
});

// The fixes whose bound runs over the whole exchange end a body that stops too: the server answers the headers and
// the first bytes of the body, then goes silent. (ky's and ofetch's `timeout` are cleared at the headers, and got
// retries for most of 10 s: they are not run here.)
const GREETING = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[1,';
const bodySeeds = [
  { file: 'fixtures/js/fetch/runtime-stall-undici.mjs', env, greeting: GREETING, error: /TimeoutError\]?: The operation was aborted due to timeout/ },
  { file: 'fixtures/js/fetch/runtime-stall-node-fetch.cjs', env, greeting: GREETING, error: /request failed: AbortError: The user aborted a request/ },
  { file: 'fixtures/js/superagent/runtime-stall.mjs', env, greeting: GREETING, error: /Timeout of 2000ms exceeded/ },
  { file: 'fixtures/js/needle/runtime-stall.cjs', env, greeting: GREETING, error: /request failed: read timeout/ },
  { file: 'fixtures/js/request/runtime-stall.cjs', env, greeting: GREETING, error: /request failed: ESOCKETTIMEDOUT/ },
  // a controller's 2 s timer cleared at the headers: the fix's AbortSignal.any adds a total of its ms that ends the body
  { file: 'fixtures/js/fetch/runtime-stall-cleared-timer.mjs', env, greeting: GREETING, error: /TimeoutError\]?: The operation was aborted due to timeout/ },
];
const body = stallSuite('runtime-js-clients-body', bodySeeds);

test('a timer cleared once the headers arrive leaves a body that stops after them waiting, long past the timer', async () => {
  const i = bodySeeds.findIndex((s) => s.file.endsWith('runtime-stall-cleared-timer.mjs'));
  const server = body.servers[i]!;
  const run = await server.run(process.execPath, [path.join(root, bodySeeds[i]!.file)], env(server), HANG_MS);
  expect(run.timedOut, `exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true);
  expect(server.requests).toBe(1);
});

test('after --fix, the bounds that cover the body end one that stops after the headers', async () => {
  const files = fixCopies(
    body.tmp(),
    bodySeeds.map((s) => s.file),
    { connectTimeout: CONNECT_S, totalTimeout: TOTAL_S },
  );
  const runs = await Promise.all(files.map((f, i) => body.servers[i]!.run(process.execPath, [f], env(body.servers[i]!), TOTAL_S * 1000 + MARGIN_MS + 5_000)));
  runs.forEach((run, i) => {
    const { file, error } = bodySeeds[i]!;
    expect(run.timedOut, `${file} still hangs`).toBe(false);
    expect(run.ms, file).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, file).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, file).not.toBe(0);
    expect(run.stderr, file).toMatch(error);
  });
});
