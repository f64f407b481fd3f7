import { expect, test } from 'vitest';
import * as path from 'node:path';
import { expectAllWaiting, requirePhpCurl, root, stallSuite, type StallSeed } from './support/stall';

// getimagesize() and the other "Ini only calls" of php/stream open a URL with no context, not even the default one:
// under a 1 s default context, pointed at a server that accepts and never answers, getimagesize() is still waiting
// after a few seconds (php.ini's default_socket_timeout, 60 s), while file_get_contents() gives up after 1 s.
const HANG_MS = 3_000;
const seeds: StallSeed[] = [
  { file: 'fixtures/php/stream/runtime-stall-getimagesize-default.php', env: (s) => ({ IMAGE_URL: s.url('/a.png') }) },
  { file: 'fixtures/php/stream/runtime-stall-default-context-bounds.php', env: (s) => ({ IMAGE_URL: s.url('/a.png') }) },
];
const { servers } = stallSuite('runtime-php-ini-only', seeds, requirePhpCurl);

test('getimagesize(), under a default context with a timeout, is still waiting after a few seconds', async () => {
  await expectAllWaiting('php', seeds.slice(0, 1), servers.slice(0, 1), HANG_MS);
});

test('file_get_contents(), under the same default context, gives up after its 1 s', async () => {
  const run = await servers[1]!.run('php', [path.join(root, seeds[1]!.file)], seeds[1]!.env(servers[1]!), HANG_MS);
  expect(run.timedOut, run.stderr).toBe(false);
  expect(run.ms).toBeLessThan(2_500);
  expect(run.stderr).toMatch(/image fetch failed/);
});
