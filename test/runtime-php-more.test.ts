import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { expect, test } from 'vitest';
import { DEBIAN_PHP, expectAllWaiting, fixCopies, requireDebianPhp, requirePhpCurl, stallSuite, type StallServer, type TimedSeed } from './support/stall';

// More PHP fix shapes: fsockopen with no timeout before a read, an http:// read whose context has a timeout
// only under 'ssl', a context null on one path in a file that sets default options, a URL read through compress.zlib://, SplFileObject on a URL, an fopen() stream returned to a
// caller that sets stream_set_timeout(), a socket made in an if's test, a socket made again in an if, and a
// Guzzle client held in a property and used through a private wrapper. Pointed at a server that accepts and never
// answers, each waits (the stream ones for php.ini's default_socket_timeout, 60 s; Guzzle forever); after --fix
// each gives up on time. Each seed has a server of its own, so they run side by side.
const GUZZLE = DEBIAN_PHP.guzzle.autoload;
const HANG_MS = 3_000;
const TOTAL_S = 2;
const MARGIN_MS = 1_500;

const seeds: TimedSeed[] = [
  {
    file: 'fixtures/php/socket/runtime-stall-fsockopen.php',
    env: (s) => ({ STALL_HOST: '127.0.0.1', STALL_PORT: String(s.port) }),
    // stream_get_meta_data()['timed_out'], set when stream_set_timeout()'s bound ends the read
    error: /banner read timed out/,
  },
  // A socket made in an if's test: the fix bounds it first thing in the block.
  {
    file: 'fixtures/php/socket/runtime-stall-if-assign.php',
    env: (s) => ({ STALL_HOST: '127.0.0.1', STALL_PORT: String(s.port) }),
    error: /check read timed out/,
  },
  // A socket made plainly, then again in an if that is not taken: the plain one is read after the if.
  {
    file: 'fixtures/php/socket/runtime-stall-reassigned.php',
    env: (s) => ({ STALL_HOST: '127.0.0.1', STALL_PORT: String(s.port), STALL_HTTPS: '0' }),
    error: /services read timed out/,
  },
  { file: 'fixtures/php/stream/runtime-stall-ssl-only.php', env: (s) => ({ STATUS_URL: s.url('/health') }), error: /status fetch failed/ },
  {
    file: 'fixtures/php/stream/runtime-stall-spl-file-object.php',
    env: (s) => ({ STATUS_URL: s.url('/rates.csv') }),
    error: /rates fetch failed: .*HTTP request failed/,
  },
  // A context null where no proxy is set: that path reads through the default context, which the fix bounds.
  { file: 'fixtures/php/stream/runtime-stall-null-context-defaults.php', env: (s) => ({ STATUS_URL: s.url('/health') }), error: /status fetch failed/ },
  // compress.zlib:// opens the URL inside it with the context the fix adds.
  { file: 'fixtures/php/stream/runtime-stall-compress-zlib.php', env: (s) => ({ DUMP_URL: s.url('/latest.csv.gz') }), error: /dump fetch failed/ },
  // fopen() waits for the response headers before it returns: the caller's stream_set_timeout() comes after that.
  { file: 'fixtures/php/stream/runtime-stall-fopen-returned.php', env: (s) => ({ FEED_URL: s.url('/big.xml') }), error: /feed open failed/ },
  {
    file: 'fixtures/php/guzzle/runtime-stall-wrapper.php',
    env: (s) => ({ API_BASE: s.url('/'), GUZZLE_AUTOLOAD: GUZZLE }),
    error: /request failed: cURL error 28: .*timed out/i,
  },
];
const { servers, tmp } = stallSuite('runtime-php-more', seeds, () => {
  requirePhpCurl();
  requireDebianPhp('guzzle');
});

test('the seeds, pointed at a silent server, are still waiting after a few seconds', async () => {
  await expectAllWaiting('php', seeds, servers, HANG_MS);
});

test('after --fix with connect 1 s and total 2 s, each gives up within the bound', async () => {
  const files = fixCopies(
    tmp(),
    seeds.map((s) => s.file),
    { connectTimeout: 1, totalTimeout: TOTAL_S },
  );
  for (const file of files) {
    const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  }
  const runs = await Promise.all(
    files.map((file, i) => servers[i]!.run('php', [file], seeds[i]!.env(servers[i]!), TOTAL_S * 1000 + MARGIN_MS + 3_000)),
  );
  runs.forEach((run, i) => {
    const name = seeds[i]!.file;
    expect(run.timedOut, `${name} still hangs`).toBe(false);
    expect(run.ms, name).toBeLessThan(TOTAL_S * 1000 + MARGIN_MS);
    expect(run.wallMs, name).toBeGreaterThanOrEqual(TOTAL_S * 1000);
    expect(run.code, name).toBe(1);
    expect(run.stderr, name).toMatch(seeds[i]!.error);
  });
});
