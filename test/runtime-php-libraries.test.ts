import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { DEBIAN_PHP, cli, expectAllWaiting, fixCopies, requireDebianPhp, requirePhpCurl, root, stallSuite, StallServer, type TimedSeed } from './support/stall';

// The PHP libraries Debian packages: Symfony HttpClient, Httpful, Laravel's Http facade (illuminate/http 8, over
// Guzzle) with its timeout turned off, and Requests 1.8 (WordPress's copy) with a hook that turns curl's total off. Pointed at a server that accepts and never answers, each waits (Symfony
// for its idle 'timeout', which defaults to php.ini's default_socket_timeout, 60 s, not code's own bound; the others
// forever); after --fix each gives up on time with its own timeout error. Each seed has a server of its own, so they
// run side by side. SoapClient has no option that bounds the read: its fix bounds the connect only, and the last
// test shows that what is left reported is so.
const SYMFONY = DEBIAN_PHP.symfony.autoload;
const HTTPFUL = DEBIAN_PHP.httpful.autoload;
const GUZZLE = DEBIAN_PHP.guzzle.autoload;
const ILLUMINATE_HTTP = DEBIAN_PHP.illuminate.autoload;
const REQUESTS = DEBIAN_PHP.requests.autoload;
const HANG_MS = 3_000;
const CONNECT_S = 1;
const TOTAL_S = 2;
const MARGIN_MS = 1_500;

const seeds: TimedSeed[] = [
  // 'timeout' is idle and covers the connect: the fix gives it the connect value, which ends a silent server
  // before 'max_duration' does.
  {
    file: 'fixtures/php/symfony-http-client/runtime-stall.php',
    env: (s) => ({ API_URL: s.url('/v1/ping'), SYMFONY_HTTP_CLIENT_AUTOLOAD: SYMFONY }),
    error: /request failed: .*TimeoutException: Idle timeout reached for "http:\/\/127\.0\.0\.1/,
    boundMs: CONNECT_S * 1000,
  },
  // ->timeout() is CURLOPT_TIMEOUT_MS, the total: cURL error 28.
  {
    file: 'fixtures/php/httpful/runtime-stall.php',
    env: (s) => ({ API_URL: s.url('/v1/ping'), HTTPFUL_AUTOLOAD: HTTPFUL }),
    error: /request failed: Unable to connect to "http:\/\/127\.0\.0\.1:\d+\/v1\/ping": 28 Operation timed out after 2\d\d\d milliseconds/,
  },
  // Http::timeout(0) is Guzzle's 'timeout' => 0, none; the fix gives it the total.
  {
    file: 'fixtures/php/laravel-http/runtime-stall.php',
    env: (s) => ({ REPORT_URL: s.url('/daily'), GUZZLE_AUTOLOAD: GUZZLE, ILLUMINATE_HTTP_AUTOLOAD: ILLUMINATE_HTTP }),
    error: /report fetch failed: cURL error 28: Operation timed out after 2\d\d\d milliseconds/,
  },
  // The curl.before_send hook's CURLOPT_TIMEOUT 0 is given the total: cURL error 28.
  {
    file: 'fixtures/php/requests/runtime-stall.php',
    env: (s) => ({ FEED_URL: s.url('/feed.json'), REQUESTS_AUTOLOAD: REQUESTS }),
    error: /feed fetch failed: cURL error 28: Operation timed out after 2\d\d\d milliseconds/,
  },
];
const { servers, tmp } = stallSuite('runtime-php-libraries', seeds, () => {
  requirePhpCurl();
  requireDebianPhp('symfony', 'httpful', 'guzzle', 'illuminate', 'requests');
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  await expectAllWaiting('php', seeds, servers, HANG_MS);
});

test('after --fix with connect 1 s and total 2 s, each gives up within the bound with its own timeout error', async () => {
  const files = fixCopies(
    tmp(),
    seeds.map((s) => s.file),
    { connectTimeout: CONNECT_S, totalTimeout: TOTAL_S },
  );
  for (const file of files) {
    const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  }
  const runs = await Promise.all(
    files.map((file, i) => servers[i]!.run('php', [file], seeds[i]!.env(servers[i]!), TOTAL_S * 1000 + MARGIN_MS + 3_000)),
  );
  runs.forEach((run, i) => {
    const { file, error, boundMs = TOTAL_S * 1000 } = seeds[i]!;
    expect(run.timedOut, `${file} still hangs`).toBe(false);
    expect(run.ms, file).toBeLessThan(boundMs + MARGIN_MS);
    expect(run.wallMs, file).toBeGreaterThanOrEqual(boundMs);
    expect(run.code, file).toBe(1);
    expect(run.stderr, file).toMatch(error);
  });
});

// SoapClient reads the response within default_socket_timeout alone (a stream context's 'timeout' is not used for
// the call): the fix adds 'connection_timeout', and the rule goes on reporting the read. Both the seed and its fixed
// copy wait on a silent server, and the finding left names the ini setting that would end it.
test('SoapClient: after --fix the connect is bounded, the read is still reported, and a silent server still holds it', async () => {
  const probe = spawnSync('php', ['-r', 'exit(class_exists("SoapClient") ? 0 : 3);'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('ext/soap not found: install it with `apt-get install -y php-soap`');
  const seed = 'fixtures/php/soap/runtime-stall.php';
  const copy = path.join(tmp(), seed);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(path.join(root, seed), copy);
  const config = path.join(tmp(), 'soap-config.json');
  fs.writeFileSync(config, JSON.stringify({ fix: { connectTimeout: CONNECT_S, totalTimeout: TOTAL_S } }));
  cli(tmp(), ['--fix', '--config', config, copy]);
  expect(fs.readFileSync(copy, 'utf8')).toContain(`'connection_timeout' => ${CONNECT_S}]`);
  const left = cli(tmp(), ['--format', 'json', '--config', config, copy]);
  const messages = (JSON.parse(left.stdout) as { messages: { messageId: string; message: string }[] }[]).flatMap((r) => r.messages);
  expect(messages.map((m) => m.messageId)).toEqual(['missingTotalTimeout']);
  expect(messages[0]!.message).toMatch(/default_socket_timeout/);
  const server = new StallServer();
  await server.start();
  try {
    const env = { SOAP_URL: server.url('/inventory') };
    const runs = await Promise.all([server.run('php', [path.join(root, seed)], env, HANG_MS), server.run('php', [copy], env, HANG_MS)]);
    runs.forEach((run) => expect(run.timedOut, `exited on its own after ${run.ms} ms: ${run.stderr}`).toBe(true));
    expect(server.accepted).toBe(2);
  } finally {
    await server.stop();
  }
});

// Requests' 'timeout' => 0, which php/requests (and php/wordpress-http, which hands it on) leaves unreported: the curl
// transport sends max(0, 1), a total of 1 s, and the fsockopen transport's stream_set_timeout($socket, 0) ends the
// first read at once. Neither waits on a silent server.
test("Requests: 'timeout' => 0 is not reported, and gives up on its own (1 s on curl, at once on fsockopen)", async () => {
  const seed = 'fixtures/php/requests/runtime-zero.php';
  const lint = cli(root, ['--format', 'json', seed]);
  expect((JSON.parse(lint.stdout) as { messages: unknown[] }[]).flatMap((r) => r.messages)).toEqual([]);
  const server = new StallServer();
  await server.start();
  try {
    const env = (transport: string) => ({ FEED_URL: server.url('/feed.json'), REQUESTS_AUTOLOAD: REQUESTS, TRANSPORT: transport });
    const [curl, fsockopen] = await Promise.all(['curl', 'fsockopen'].map((t) => server.run('php', [path.join(root, seed)], env(t), HANG_MS)));
    expect(curl!.timedOut, 'curl still waits').toBe(false);
    expect(curl!.stderr).toMatch(/feed fetch failed: cURL error 28: Operation timed out after 1\d\d\d milliseconds/);
    expect(curl!.wallMs).toBeGreaterThanOrEqual(1000);
    expect(curl!.ms).toBeLessThan(1000 + MARGIN_MS);
    expect(fsockopen!.timedOut, 'fsockopen still waits').toBe(false);
    expect(fsockopen!.stderr).toMatch(/feed fetch failed: fsocket timed out/);
    expect(fsockopen!.ms).toBeLessThan(MARGIN_MS);
    expect(server.requests).toBe(2);
  } finally {
    await server.stop();
  }
});
