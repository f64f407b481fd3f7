import { expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText } from '../../src/core/lint';

const lint = (code: string) => lintText(code, '/src/app.php', DEFAULT_CONFIG).map((m) => [m.line, m.messageId, m.message]);

test('a client finding names the line of a request it leaves unbounded, not of one bounded on its own', () => {
  const code = `<?php
use GuzzleHttp\\Client;
$client = new Client();
$a = $client->get('https://api.example.test/a', ['connect_timeout' => 5, 'timeout' => 30]);
$b = $client->post('https://api.example.test/b', ['json' => ['x' => 1]]);
$c = $client->put('https://api.example.test/c');
`;
  const [finding, ...rest] = lint(code);
  expect(rest).toEqual([]);
  expect(finding?.[0]).toBe(3);
  expect(finding?.[1]).toBe('missingTimeout');
  expect(finding?.[2]).toContain('(sent on line 5)');
});

test('with no request in view the finding names no line', () => {
  const code = `<?php
use GuzzleHttp\\Client;
$client = new Client(['base_uri' => 'https://api.example.test/']);
`;
  expect(lint(code).map((f) => f[2])).toEqual([expect.not.stringContaining('sent on line')]);
});

test('a negative default_socket_timeout set in code is named as what disables a SoapClient timeout', () => {
  const code = `<?php
ini_set('default_socket_timeout', -1);
$soap = new SoapClient('https://soap.example.test/quotes?wsdl');
`;
  expect(lint(code)).toEqual([[3, 'disabledTimeout', expect.stringContaining("timeout is disabled by ini_set('default_socket_timeout', -1);")]]);
});

test('default_socket_timeout 0 fails at once: the SoapClient is still owed its missing timeouts, not a disabled one', () => {
  const code = `<?php
ini_set('default_socket_timeout', 0);
$soap = new SoapClient('https://soap.example.test/quotes?wsdl');
`;
  expect(lint(code).map((f) => f[1])).toEqual(['missingTimeout']);
});

test('a disabling value stored through a variable or worked out is shown as its value, never as nothing', () => {
  const code = `<?php
$off = 0;
$a = [];
$a['timeout'] = $off;
\\Drupal::httpClient()->get('https://api.example.test/a', $a);
$b = ['timeout' => 0];
$b['timeout'] += 0;
\\Drupal::httpClient()->get('https://api.example.test/b', $b);
`;
  expect(lint(code).map((f) => f[2])).toEqual([
    expect.stringContaining("disabled by 'timeout' => 0;"),
    expect.stringContaining("disabled by 'timeout' => 0;"),
  ]);
});

test('a timeout turned off by a Laravel setter is named as the call written, not as an options entry', () => {
  const code = `<?php
use Illuminate\\Support\\Facades\\Http;
$a = Http::timeout(0)->get('https://api.example.test/a');
$b = Http::withOptions(['timeout' => 0])->get('https://api.example.test/b');
$c = Http::baseUrl('https://api.example.test')->timeout(0)->get('/c');
`;
  expect(lint(code).map((f) => f[2])).toEqual([
    expect.stringContaining('disabled by Http::timeout(0);'),
    expect.stringContaining("disabled by 'timeout' => 0;"),
    expect.stringContaining('disabled by ->timeout(0);'),
  ]);
});

test('options in a local variable the function uses elsewhere too get the bounds as a suggestion only', () => {
  const code = `<?php
function logged() {
    $options = ['headers' => ['Accept' => 'application/json']];
    error_log(json_encode($options));
    $client = new \\GuzzleHttp\\Client($options);
    return $client->get('https://api.example.test/logged');
}
`;
  const [finding, ...rest] = lintText(code, '/src/app.php', DEFAULT_CONFIG);
  expect(rest).toEqual([]);
  expect(finding?.fix).toBeUndefined();
  expect(finding?.suggestions?.[0]?.desc).toContain('$options');
  expect(finding?.suggestions?.[0]?.fix.text).toBe(", 'connect_timeout' => 10, 'timeout' => 30");
});

test('where php.ini bounds the waits, the message says so instead of "forever"; elsewhere a silent server waits forever', () => {
  const code = `<?php
use Symfony\\Component\\HttpClient\\HttpClient;
$r = HttpClient::create()->request('GET', 'https://api.example.test/a');
$x = file_get_contents('https://api.example.test/b');
$s = new SoapClient('https://api.example.test/c?wsdl', ['connection_timeout' => 5]);
$g = (new GuzzleHttp\\Client())->get('https://api.example.test/d');
`;
  const ini = "only php.ini's default_socket_timeout (60 s unless the deployment sets another) bounds each wait on a silent server";
  expect(lint(code)).toEqual([
    [3, 'missingTimeout', expect.stringContaining(`has no timeout (sent on line 3); ${ini}. Set`)],
    [4, 'missingTimeout', expect.stringContaining(`has no timeout; ${ini}. Set`)],
    [5, 'missingTotalTimeout', expect.stringContaining(`once connected, ${ini}. Set`)],
    [6, 'missingTimeout', expect.stringContaining('a silent server can hold it open forever. Set')],
  ]);
});

test('SoapClient options the analysis cannot read are said to be so, not to set a connect timeout; one written is named', () => {
  const code = `<?php
function client($wsdl, array $options) { $c = new SoapClient($wsdl, $options); return $c->ping(); }
function bounded($wsdl, int $s) { $c = new SoapClient($wsdl, ['connection_timeout' => $s]); return $c->ping(); }
`;
  const ini = "only php.ini's default_socket_timeout (60 s unless the deployment sets another) bounds each wait on a silent server";
  expect(lint(code)).toEqual([
    [2, 'missingTotalTimeout', `SoapClient request has options the analysis cannot read, and no total timeout; ${ini}. Set ini_set('default_socket_timeout', …).`],
    [3, 'missingTotalTimeout', `SoapClient request has a connect timeout but no total timeout; once connected, ${ini}. Set ini_set('default_socket_timeout', …).`],
  ]);
});

test('where the file may set default_socket_timeout negative, php.ini is not said to bound the waits', () => {
  const code = `<?php
ini_set('default_socket_timeout', '-1');
$body = file_get_contents('https://api.example.test/a');
$yii = (new yii\\httpclient\\Client())->get('https://api.example.test/b')->send();
`;
  const forever = expect.stringContaining('a silent server can hold it open forever. Set');
  expect(lint(code)).toEqual([[3, 'missingTimeout', forever], [4, 'missingTimeout', forever]]);
});

test("Yii2: a request with no 'timeout' on the StreamTransport is said to be bounded only by default_socket_timeout, on the CurlTransport to wait forever", () => {
  const code = `<?php
use yii\\httpclient\\Client;
use yii\\httpclient\\CurlTransport;
use yii\\httpclient\\StreamTransport;
$a = new Client();
$a->get('https://api.example.test/a')->send();
$b = new Client(['transport' => CurlTransport::class]);
$b->get('https://api.example.test/b')->send();
$c = new Client(['transport' => new StreamTransport()]);
$c->get('https://api.example.test/c')->send();
$d = new Client(['transport' => $transport]);
$d->get('https://api.example.test/d')->send();
$e = new Client();
$e->setTransport(['class' => CurlTransport::class]);
$e->get('https://api.example.test/e')->send();
`;
  const ini = expect.stringContaining("only php.ini's default_socket_timeout");
  const forever = expect.stringContaining('a silent server can hold it open forever');
  expect(lint(code)).toEqual([
    [5, 'missingTimeout', ini],
    [7, 'missingTimeout', forever],
    [9, 'missingTimeout', ini],
    [11, 'missingTimeout', forever],
    [13, 'missingTimeout', forever],
  ]);
});

test("Yii2: a curl option's name in a key the StreamTransport does not read is named in the message, with no 'timeout' added beside it", () => {
  const code = `<?php
use yii\\httpclient\\Client;
use yii\\httpclient\\CurlTransport;
$a = new Client(['requestConfig' => ['options' => ['TIMEOUT' => 5]]]);
$a->get('https://api.example.test/a')->send();
$b = new Client(['transport' => CurlTransport::class, 'requestConfig' => ['options' => [CURLOPT_TIMEOUT => 0]]]);
$b->get('https://api.example.test/b')->send();
`;
  const found = lintText(code, '/src/app.php', DEFAULT_CONFIG);
  expect(found.map((m) => [m.line, m.messageId, m.message])).toEqual([
    [4, 'missingTimeout', expect.stringContaining("bounds each wait on a silent server. The StreamTransport reads no 'TIMEOUT'. Set 'timeout'.")],
    [6, 'disabledTimeout', expect.stringContaining('disabled by CURLOPT_TIMEOUT => 0;')],
  ]);
  expect(found[0]!.fix).toBeUndefined();
  expect(found[1]!.fix).toBeDefined();
});
