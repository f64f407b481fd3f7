import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { cli, expectAllWaiting, fixCopies, root, stallSuite, type StallSeed, type StallServer, type TimedSeed } from './support/stall';

// The npm libraries over fetch and the like, each at its pinned devDependency version: Apollo's HttpLink (3.14),
// graphql-request, make-fetch-happen and minipass-fetch, ohmyfetch, redaxios, a tRPC httpLink, @slack/webhook's
// IncomingWebhook, and, whose fix is only offered, @octokit/core and openapi-fetch. Pointed at a server that accepts
// and never answers, each hangs; after --fix (total 2 s from config), or the suggestion applied, each gives up on
// time with the library's own error. Each seed has a server of its own, so they run side by side.
interface Seed extends TimedSeed {
  /** The rule only offers its fix: the copy gets the finding's first suggestion. */
  suggestion?: boolean;
}
const env = (s: StallServer) => ({ STALL_URL: s.url() });
const TOTAL_S = 2;
const ABORTED = 'The operation was aborted due to timeout';
const seeds: Seed[] = [
  // The link's fetch adds AbortSignal.timeout beside the signal it is handed; the ApolloError carries its message.
  { file: 'fixtures/js/apollo-http-link/runtime-stall.cjs', env, error: new RegExp(`query failed: ApolloError: ${ABORTED}`) },
  { file: 'fixtures/js/graphql-request/runtime-stall.mjs', env, error: new RegExp(`request failed: TimeoutError: ${ABORTED}`) },
  // `timeout` is minipass-fetch's own timer (node-fetch 2's), which make-fetch-happen hands on.
  { file: 'fixtures/js/make-fetch-happen/runtime-stall.cjs', env, error: /request failed: FetchError: network timeout at: http:\/\/127\.0\.0\.1/ },
  { file: 'fixtures/js/make-fetch-happen/runtime-stall-minipass.cjs', env, error: /request failed: FetchError: network timeout at: http:\/\/127\.0\.0\.1/ },
  // ohmyfetch retries a GET once, with the aborted signal of the first attempt: it fails at once, sending nothing.
  { file: 'fixtures/js/ohmyfetch/runtime-stall.mjs', env, error: new RegExp(`request failed: FetchError: ${ABORTED}`) },
  { file: 'fixtures/js/redaxios/runtime-stall.mjs', env, error: new RegExp(`request failed: TimeoutError: ${ABORTED}`) },
  { file: 'fixtures/js/trpc-link/runtime-stall.mjs', env, error: new RegExp(`call failed: TRPCClientError: ${ABORTED}`) },
  // @slack/webhook 8 aborts its request with AbortSignal.timeout(timeout) when the timeout is above 0.
  { file: 'fixtures/js/slack-webhook/runtime-stall.mjs', env, error: new RegExp(`post failed: IncomingWebhookRequestError: A request error occurred: ${ABORTED}`) },
  // @octokit/request 10 wraps what the fetch throws in an HttpError (status 500) with its message.
  { file: 'fixtures/js/octokit/runtime-stall.mjs', env, error: new RegExp(`request failed: HttpError: ${ABORTED}`), suggestion: true },
  { file: 'fixtures/js/openapi-fetch/runtime-stall.mjs', env, error: new RegExp(`request failed: TimeoutError: ${ABORTED}`), suggestion: true },
];
// Rules with no fix, not even offered: their seeds are reported and hang, and nothing here bounds them.
const fixless: StallSeed[] = [
  // ApolloClient 3 makes the HttpLink itself from `uri`: only a link of the code's own can take a fetch.
  { file: 'fixtures/js/apollo-client/runtime-stall.cjs', env },
  // wretch's remedies, a signal in .options() or the AbortAddon's .setTimeout(), are left to the code.
  { file: 'fixtures/js/wretch/runtime-stall.mjs', env },
];
// Twelve node programs start at once, some importing large libraries: on a loaded machine a few take seconds to connect.
const HANG_MS = 6_000;
// node takes a moment to start, and fetch's timers a moment to fire.
const MARGIN_MS = 1_500;

const LIBRARIES = [
  '@apollo/client', 'graphql', 'graphql-request', 'make-fetch-happen', 'minipass-fetch', 'ohmyfetch', 'redaxios',
  '@trpc/client', '@slack/webhook', '@octokit/core', 'openapi-fetch', 'wretch',
];

const all: StallSeed[] = [...seeds, ...fixless];
const { servers, tmp } = stallSuite('runtime-js-libraries', all, () => {
  for (const name of LIBRARIES) {
    if (!fs.existsSync(path.join(root, 'node_modules', name))) throw new Error(`${name} is missing: run npm ci (it is a devDependency)`);
  }
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  await expectAllWaiting(process.execPath, all, servers, HANG_MS);
});

test('after --fix (or the offered fix) with total 2 s, each gives up within the bound with its own timeout error', async () => {
  const fix = { connectTimeout: 1, totalTimeout: TOTAL_S };
  const fixed = fixCopies(path.join(tmp(), 'fix'), seeds.filter((s) => !s.suggestion).map((s) => s.file), fix);
  const offered = fixCopies(path.join(tmp(), 'offered'), seeds.filter((s) => s.suggestion).map((s) => s.file), fix, { suggestions: true });
  const files = seeds.map((s) => (s.suggestion ? offered : fixed).find((f) => f.endsWith(s.file))!);
  const before = servers.map((s) => s.requests);
  const runs = await Promise.all(files.map((f, i) => servers[i]!.run(process.execPath, [f], env(servers[i]!), TOTAL_S * 1000 + MARGIN_MS + 5_000)));
  runs.forEach((run, i) => {
    const { file, error } = seeds[i]!;
    expect(run.timedOut, `${file} still hangs`).toBe(false);
    expect(servers[i]!.requests - before[i]!, `${file}: requests`).toBe(1);
    expect(run.requestMs, file).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, file).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, file).not.toBe(0);
    expect(run.stderr, file).toMatch(error);
  });
});

test('ApolloClient given a uri, and a wretch chain, are reported with no fix, offered or applied', () => {
  const lint = cli(root, ['--format', 'json', ...fixless.map((s) => s.file)]);
  const results = JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string; messageId: string; fix?: unknown; suggestions?: unknown[] }[] }[];
  expect(results.map((r) => r.messages.map((m) => [m.ruleId, m.messageId, m.fix, m.suggestions]))).toEqual([
    [['js/apollo-client', 'missingTimeout', undefined, undefined]],
    [['js/wretch', 'missingTimeout', undefined, undefined]],
  ]);
});

// Each fix bounds the whole exchange, body included: the server answers the headers and the first bytes of the body,
// then goes silent. make-fetch-happen's `timeout` is also its agent's idle bound, which ends the body first. redaxios
// (`.catch(Object)` on the body read) and @octokit/request 10 (`response.text()` in a try) swallow the body's abort:
// the call resolves on time, with no data, and the program exits 0.
const GREETING = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[1,';
const SWALLOWED = ['fixtures/js/redaxios/runtime-stall.mjs', 'fixtures/js/octokit/runtime-stall.mjs'];
const bodySeeds: Seed[] = seeds.map((s) => {
  if (SWALLOWED.includes(s.file)) return { ...s, greeting: GREETING, error: /^$/ };
  if (s.file.includes('/make-fetch-happen/runtime-stall.cjs')) return { ...s, greeting: GREETING, error: /request failed: FetchError: Invalid response body while trying to fetch http:\/\/127\.0\.0\.1:\d+\/: Idle timeout reached/ };
  if (s.file.includes('/runtime-stall-minipass.cjs')) return { ...s, greeting: GREETING, error: /request failed: FetchError: Response timeout while trying to fetch http:\/\/127\.0\.0\.1:\d+\/ \(over 2000ms\)/ };
  // ohmyfetch's FetchError is thrown for a failed request; the body's read rejects with the signal's reason.
  if (s.file.includes('/ohmyfetch/')) return { ...s, greeting: GREETING, error: new RegExp(`request failed: TimeoutError: ${ABORTED}`) };
  return { ...s, greeting: GREETING };
});
const body = stallSuite('runtime-js-libraries-body', bodySeeds);

test('after --fix (or the offered fix), the bound ends a body that stops after the headers', async () => {
  const fix = { connectTimeout: 1, totalTimeout: TOTAL_S };
  const fixed = fixCopies(path.join(body.tmp(), 'fix'), bodySeeds.filter((s) => !s.suggestion).map((s) => s.file), fix);
  const offered = fixCopies(path.join(body.tmp(), 'offered'), bodySeeds.filter((s) => s.suggestion).map((s) => s.file), fix, { suggestions: true });
  const files = bodySeeds.map((s) => (s.suggestion ? offered : fixed).find((f) => f.endsWith(s.file))!);
  const runs = await Promise.all(files.map((f, i) => body.servers[i]!.run(process.execPath, [f], env(body.servers[i]!), TOTAL_S * 1000 + MARGIN_MS + 5_000)));
  runs.forEach((run, i) => {
    const { file, error } = bodySeeds[i]!;
    expect(run.timedOut, `${file} still hangs`).toBe(false);
    expect(body.servers[i]!.requests, `${file}: requests`).toBe(1);
    expect(run.requestMs, file).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, file).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, file).toBe(SWALLOWED.includes(file) ? 0 : 1);
    expect(run.stderr, file).toMatch(error);
  });
});
