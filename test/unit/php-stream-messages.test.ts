import { expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText } from '../../src/core/lint';

const messages = (code: string) => lintText(code, '/src/app.php', DEFAULT_CONFIG).map((m) => m.message);
const NONE = 'On a path where the context is null or false';
const PASSED = "The context passed is the default context, which sets no 'timeout'; one set on it bounds every stream that uses it.";

test('the default context passed by value is named as such, never as a null or false path', () => {
  for (const got of ['stream_context_get_default()', "stream_context_set_default(['ssl' => ['verify_peer' => false]])"]) {
    const [message, ...rest] = messages(`<?php\n$ctx = ${got};\n$h = get_headers('https://api.example.test/', false, $ctx);\n`);
    expect(rest).toEqual([]);
    expect(message).toContain(PASSED);
    expect(message).not.toContain(NONE);
  }
  const [inline] = messages("<?php\n$b = file_get_contents('https://api.example.test/', false, stream_context_get_default());\n");
  expect(inline).toContain(PASSED);
  expect(inline).not.toContain(NONE);
});

test('a null on one path is named as the path that reads through the default context', () => {
  const code = `<?php
$ctx = null;
if ($proxy) { $ctx = stream_context_create(['http' => ['proxy' => $proxy, 'timeout' => 10]]); }
$b = file_get_contents('https://api.example.test/', false, $ctx);
`;
  const [message] = messages(code);
  expect(message).toContain(NONE);
  expect(message).not.toContain(PASSED);
});

test('the default context passed on one path and null on another is named both ways', () => {
  const code = `<?php
$ctx = stream_context_get_default();
if ($plain) { $ctx = null; }
$b = file_get_contents('https://api.example.test/', false, $ctx);
`;
  const [message] = messages(code);
  expect(message).toContain(NONE);
  expect(message).toContain(PASSED);
});
