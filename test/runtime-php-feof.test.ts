import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { expectAllWaiting, fixCopies, requirePhpCurl, stallSuite, type StallServer, type TimedSeed } from './support/stall';

// A read loop that ends on feof() only, on a socket or an http:// stream whose reads are bounded (1 s). The
// server sends part of a response, then goes silent: each read times out after 1 s and returns false, and
// feof() stays false, so the loop never ends. After --fix the loop also stops on a timed-out read, and each
// program gives up about 1 s after the last byte. Each seed has a server of its own, so they run side by side.
const HANG_MS = 4_000;
const READ_MS = 1_000;
const MARGIN_MS = 1_500;

interface Seed extends TimedSeed {
  /** What the server sends after the request, before it goes silent. */
  greeting: string;
}
const seeds: Seed[] = [
  {
    file: 'fixtures/php/socket/runtime-feof-fsockopen.php',
    greeting: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n',
    env: (s) => ({ STALL_HOST: '127.0.0.1', STALL_PORT: String(s.port) }),
    error: /response read timed out/,
  },
  {
    file: 'fixtures/php/stream/runtime-feof-fopen.php',
    greeting: 'HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nid,name\n1,first\n',
    env: (s) => ({ EXPORT_URL: s.url('/export.csv') }),
    error: /export read timed out after 2 rows/,
  },
];
const { servers, tmp } = stallSuite('runtime-php-feof', seeds, requirePhpCurl);

test('the feof() loops, given part of a response, are still reading after a few seconds of 1 s read timeouts', async () => {
  await expectAllWaiting('php', seeds, servers, HANG_MS);
});

test('after --fix, each loop stops on the timed-out read, about 1 s after the last byte', async () => {
  const files = fixCopies(
    tmp(),
    seeds.map((s) => s.file),
    { connectTimeout: 1, totalTimeout: 2 },
  );
  for (const file of files) {
    const lint = spawnSync('php', ['-l', file], { encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  }
  const runs = await Promise.all(files.map((file, i) => servers[i]!.run('php', [file], seeds[i]!.env(servers[i]!), HANG_MS)));
  runs.forEach((run, i) => {
    const name = seeds[i]!.file;
    expect(run.timedOut, `${name} still hangs`).toBe(false);
    expect(run.ms, `${name}: ${run.stderr}`).toBeLessThan(READ_MS + MARGIN_MS);
    expect(run.wallMs, `${name}: ${run.stderr}`).toBeGreaterThanOrEqual(READ_MS);
    expect(run.code, name).toBe(1);
    expect(run.stderr, name).toMatch(seeds[i]!.error);
  });
});
