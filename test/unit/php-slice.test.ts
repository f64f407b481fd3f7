import { describe, expect, test } from 'vitest';
import { phpEngine, sliceWords } from '../../src/engines/php/index';
import { isParseFailure, parsePhp } from '../../src/engines/php/parse';
import { sliceForAnalysis, unitsForTesting } from '../../src/engines/php/slice';

const settings = { connectTimeout: 10, totalTimeout: 30 };
const slice = (text: string) => sliceForAnalysis(text, sliceWords(undefined, text));

/** The functions and methods whose bodies slicing empties, by name. */
function emptied(text: string): string[] {
  const sliced = slice(text);
  return unitsForTesting(text)!.units.filter((u) => sliced.slice(u.start, u.end) !== text.slice(u.start, u.end)).map((u) => u.name);
}

/** The engine's findings as rule and message id, with the file sliced or whole. */
function findings(text: string, wholeFile: boolean): string[] {
  return phpEngine.lint(text, 'x.php', { ...settings, wholeFile }).findings.map((f) => `${f.ruleId}:${f.messageId}:${f.range[0]}`);
}

/** Slicing keeps what the finding needs: the same findings as the whole file, and at least one. */
function sameFindings(text: string): string[] {
  const whole = findings(text, true);
  expect(whole.length).toBeGreaterThan(0);
  expect(findings(text, false)).toEqual(whole);
  return whole;
}

describe('what slicing keeps', () => {
  test('a function a seed hands a cURL handle to, and what that one hands it to; not unrelated ones', () => {
    const text = `<?php
function fetch($url) { $ch = curl_init($url); apply_defaults($ch); return curl_exec($ch); }
function apply_defaults($handle) { set_all($handle); }
function set_all($h) { curl_setopt($h, CURLOPT_TIMEOUT, 0); curl_setopt($h, CURLOPT_CONNECTTIMEOUT, 5); }
function unrelated() { return strtoupper('x'); }
function unrelated_with_args($a) { return $a + 1; }
`;
    expect(emptied(text)).toEqual(['unrelated', 'unrelated_with_args']);
    sameFindings(text);
  });

  test('a function called without arguments that the engine would not run is emptied', () => {
    const text = `<?php
function fetch($url) { $ch = curl_init($url); curl_setopt($ch, CURLOPT_TIMEOUT, 0); log_it(); return curl_exec($ch); }
function log_it() { error_log('fetching'); }
`;
    expect(emptied(text)).toEqual(['log_it']);
    sameFindings(text);
  });

  test('a URL in a comment, or is_file(), is no word the engine follows: such a function is emptied', () => {
    const text = `<?php
function fetch($url) { $ch = curl_init($url); curl_setopt($ch, CURLOPT_TIMEOUT, 0); check(); return curl_exec($ch); }
function check() {
  // Matches the scheme of https://www.rfc-editor.org/rfc/rfc3986 # and http://a.test/
  return is_file('/tmp/x') && $this->file('y') && Cache::copy('z');
}
function fetched() { return file('https://a.test/list'); }
`;
    expect(emptied(text)).toEqual(['check']);
    expect(sameFindings(text).map((f) => f.split(':')[0])).toEqual(['php/curl', 'php/curl', 'php/stream']);
  });

  test('a client named only in comments, between declarations or in one, makes no seed', () => {
    const text = `<?php
/** Gets the status. @see wp_safe_remote_get() */
function status() { global $wpdb; return $wpdb->status; }
function label() { return 'x'; } // once used curl_init()
/** Fetches. */
function fetch() { global $client; $ch = curl_init('https://a.test/'); curl_setopt($ch, CURLOPT_TIMEOUT, 0); return curl_exec($ch); }
`;
    expect(emptied(text)).toEqual(['status', 'label']);
    sameFindings(text);
    expect(emptied(text.replace('/** Gets the status. @see wp_safe_remote_get() */', '$client = curl_init();'))).toEqual(['label']);
  });

  test('a function that gives back stream context options, and one that gives back what it gives', () => {
    const text = `<?php
class C {
  private function options() { return ['http' => ['method' => 'GET']]; }
  private function context() { return $this->options(); }
  private function label() { return strtoupper('x'); }
  public function get($url) { return file_get_contents($url, false, stream_context_create($this->context())); }
}
`;
    expect(emptied(text)).toEqual(['label']);
    sameFindings(text);
  });

  test('a function that gives back a constant spelling a URL, or one naming such a constant, written any way', () => {
    const text = `<?php
const API = 'https://api.example.test/';
define('MIRROR', 'https://mirror.example.test');
class C {
  const BASE = API . 'v1';
  const OTHER = 1;
  private function base() { return self::BASE; }
  private function mirror() { return MIRROR; }
  private function other() { return self::OTHER; }
  public function get() { return file_get_contents($this->base() . '/a') . file_get_contents($this->mirror() . '/b') . $this->other(); }
}
function api() { return API; }
function run() { return file_get_contents(api() . '/c'); }
`;
    expect(emptied(text)).toEqual(['other']);
    expect(sameFindings(text)).toHaveLength(3);
    // A `;` in a string of the same statement; a list of the URL (not an offset of one) given back.
    const more = `<?php
const SEP = ';', API = 'https://api.example.test/';
function api() { return API; }
function urls() { return [API]; }
function lookup($m) { return $m[API] ?? null; }
$a = file_get_contents(api() . '/x');
foreach (urls() as $u) { $b = file_get_contents($u); }
`;
    expect(emptied(more)).toEqual([]);
    expect(sameFindings(more)).toHaveLength(2);
  });

  test("a seed's callers, and their callers when they leave a default to the engine", () => {
    const text = `<?php
class WhoisWeb {
  private function request(string $url, array $options = []): string { return $this->requestWithInfo($url, $options)['body']; }
  private function requestWithInfo(string $url, array $options): array {
    $ch = curl_init($url);
    curl_setopt_array($ch, array_replace([CURLOPT_TIMEOUT => 30], $options));
    return ['body' => curl_exec($ch)];
  }
  public function registrar(string $domain): string { return $this->request('https://whois.example.test/?q=' . $domain); }
  public function other() { return 1; }
}
`;
    expect(emptied(text)).toEqual(['other']);
    sameFindings(text);
  });

  test('the methods of a class that extends a client, also through a class of the same file', () => {
    const text = `<?php
class Base extends \\SoapClient {}
class Api extends Base {
  public function __construct($wsdl) { parent::__construct($wsdl, ['trace' => 1]); }
}
function helper() { return 1; }
`;
    expect(emptied(text)).toEqual(['helper']);
    sameFindings(text);
  });

  test('a method that reads a property declared with a client type, or promoted in the constructor', () => {
    for (const decl of ['private Factory $http;', 'public function __construct(private Factory $http) {}']) {
      const text = `<?php
use Illuminate\\Http\\Client\\Factory;
class Svc {
  ${decl}
  public function run() { return $this->http->withOptions(['timeout' => 0])->get('https://api.example.test/'); }
  public function label() { return 'svc'; }
}
`;
      expect(emptied(text)).toEqual(['label']);
      sameFindings(text);
    }
  });

  test('a method that sets a property a kept method reads', () => {
    const text = `<?php
class Feed {
  private $opts;
  public function __construct() { $this->opts = [CURLOPT_TIMEOUT => 0, CURLOPT_CONNECTTIMEOUT => 5]; }
  public function get($u) { $ch = curl_init($u); curl_setopt_array($ch, $this->opts); return curl_exec($ch); }
  public function label() { return 'feed'; }
}
`;
    expect(emptied(text)).toEqual(['label']);
    sameFindings(text);
  });

  test("a method that writes a property a kept method reads on another object, not one that only reads it", () => {
    const text = `<?php
class Hook {
  public $seconds;
  public $limit = 0;
  public function send($u) { $ch = curl_init($u); curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5); if ($this->seconds) curl_setopt($ch, CURLOPT_TIMEOUT, $this->seconds); return curl_exec($ch); }
  public function ping($u) { $ch = curl_init($u); curl_setopt_array($ch, [CURLOPT_CONNECTTIMEOUT => 5, CURLOPT_TIMEOUT => $this->limit]); return curl_exec($ch); }
}
class Setup {
  public function apply(Hook $h) { $h->seconds = 30; }
  public function show(Hook $h) { echo $h->limit; $h->label = 'x'; }
  public function refill(Hook $h) { preg_match('/\\d+/', 'x', $h->limit); }
}
`;
    expect(emptied(text)).toEqual(['show']);
    // What apply() and refill() write counts: neither request is reported as never bounded.
    expect(findings(text, true)).toEqual([]);
    expect(findings(text, false)).toEqual([]);
    expect(findings(text.replace(/ +public function (apply|refill).*\n/g, ''), false).map((f) => f.split(':')[1])).toEqual(['missingTotalTimeout', 'disabledTimeout']);
  });

  test('a method that may write any property, by a name it builds, with a reader of properties', () => {
    const text = `<?php
class Api {
  private $timeout = 0;
  public function __set($name, $value) { $this->{$name} = $value; }
  public function get($u) { $ch = curl_init($u); if ($this->timeout) curl_setopt($ch, CURLOPT_TIMEOUT, $this->timeout); return curl_exec($ch); }
  public function label() { return 'api'; }
}
function bare($u) { $ch = curl_init($u); return curl_exec($ch); }
`;
    expect(emptied(text)).toEqual(['label']);
    // The timeout __set() may give counts as set: only the connect timeout is owed.
    expect(sameFindings(text).map((f) => f.split(':')[1])).toEqual(['missingConnectTimeout', 'missingTimeout']);
  });

  test("the readers of a property a client's value may be written to; not of one given only literals or unseen code's", () => {
    const text = `<?php
use GuzzleHttp\\Client;
class Api {
  private $http;
  private $error;
  public function connect() {
    $c = new Client(['connect_timeout' => 5]);
    $this->http = $c;
    $this->error = new ApiError('none');
  }
  public function fetch($u) { return $this->http->get($u, ['timeout' => 0]); }
  public function lastError() { return $this->error; }
}
`;
    expect(emptied(text)).toEqual(['lasterror']);
    sameFindings(text);
  });

  test('`new Name()` that leaves a default to a kept constructor is kept', () => {
    const text = `<?php
class Fetcher {
  private $opts;
  public function __construct($timeout = 0) { $this->opts = [CURLOPT_TIMEOUT => $timeout, CURLOPT_CONNECTTIMEOUT => 5]; }
  public function get($u) { $ch = curl_init($u); curl_setopt_array($ch, $this->opts); return curl_exec($ch); }
}
function client() { return new Fetcher(); }
function idle() { return 0; }
`;
    expect(emptied(text)).toEqual(['idle']);
    sameFindings(text);
  });

  test('a function that defines a constant kept code reads', () => {
    const text = `<?php
function setup() { define('FEED_TIMEOUT', 0); }
function fetch_feed($u) { $ch = curl_init($u); curl_setopt($ch, CURLOPT_TIMEOUT, FEED_TIMEOUT); curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5); return curl_exec($ch); }
function other() { define('OTHER', 1); }
`;
    expect(emptied(text)).toEqual(['other']);
    sameFindings(text);
  });

  test('a function that reads a global when top-level code names a client', () => {
    const text = `<?php
$client = new \\GuzzleHttp\\Client();
function go() { global $api; return $api->get('https://x.example.test/'); }
function other() { return 2; }
`;
    expect(emptied(text)).toEqual(['other']);
  });

  test('a function that tests a constant kept code reads with defined(): the engine then leaves it unknown', () => {
    const text = `<?php
define('T', 0);
function go($u) { $ch = curl_init($u); curl_setopt($ch, CURLOPT_TIMEOUT, T); curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5); return curl_exec($ch); }
function guard() { return defined('T'); }
function other() { return defined('U'); }
`;
    expect(emptied(text)).toEqual(['other']);
    expect(findings(text, false)).toEqual(findings(text, true));
  });

  test('a function declared inside another is known by it; a call of a built name may reach any function', () => {
    const nested = `<?php
function outer() { function helper($h) { return $h; } }
function idle() { return 1; }
$ch = curl_init('https://x.example.test/'); $ch2 = helper($ch); curl_exec($ch2);
`;
    expect(emptied(nested)).toEqual(['idle']);
    sameFindings(nested);
    const built = `<?php
function go($t = 0) { $ch = curl_init('https://x.example.test/'); curl_setopt($ch, CURLOPT_TIMEOUT, $t); curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5); return curl_exec($ch); }
function caller() { $f = 'g' . 'o'; $f(); }
function idle() { return 1; }
`;
    expect(emptied(built)).toEqual(['idle']);
    sameFindings(built);
  });

  test('a call of what a value names reaches functions, not methods: a method that makes one calls no method', () => {
    const text = `<?php
class Page {
  private $callbacks = [];
  public function fetch($url) { $ch = curl_init($url); curl_setopt($ch, CURLOPT_TIMEOUT, 0); return curl_exec($ch); }
  public function render($title) { foreach ($this->callbacks as $cb) { $cb($title); } return strtoupper($title); }
  public function unrelated($x) { return $x + 1; }
}
function idle() { return 1; }
`;
    expect(emptied(text)).toEqual(['render', 'unrelated', 'idle']);
    sameFindings(text);
  });

  test("`new Sub()` leaves the defaults of the constructor Sub inherits", () => {
    const text = `<?php
class A { function __construct($t = 0) { $ch = curl_init('https://x.example.test/'); curl_setopt($ch, CURLOPT_TIMEOUT, $t); curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5); curl_exec($ch); } }
class B extends A {}
function make() { return new B(); }
function idle() { return 1; }
`;
    expect(emptied(text)).toEqual(['idle']);
    sameFindings(text);
  });

  test("a property given `new` of a client's class, written in full, holds a client", () => {
    const text = `<?php
class A {
  private $c;
  function __construct($f) { $this->c = new \\Buzz\\Client\\Curl($f); }
  function send($r) { return $this->c->sendRequest($r, ['timeout' => 0]); }
  function idle() { return 1; }
}
`;
    expect(emptied(text)).toEqual(['idle']);
    sameFindings(text);
  });

  test('the callers of a hot function the engine follows into whatever it is given', () => {
    // `profile(` makes send() one the engine follows (its words are matched as text); users() passes it the options.
    const text = `<?php
class Api {
  private $conn;
  public function __construct() { $this->conn = new \\GuzzleHttp\\Client(['timeout' => 5, 'connect_timeout' => 2]); }
  private function send($path, $opts) { $this->profile($path); return $this->conn->get($path, $opts); }
  private function profile($what) { error_log($what); }
  public function users() { return $this->send('/users', ['timeout' => 0]); }
  public function label() { return 'api'; }
}
`;
    expect(emptied(text)).toEqual(['label']);
    sameFindings(text);
  });

  test('the callers of a function that passes its parameters on to a relevant one, up to the depth the engine follows', () => {
    const text = `<?php
function build(array $o) { return new \\GuzzleHttp\\Client($o + ['connect_timeout' => 5]); }
function api(array $o) { return build($o); }
function slow_api(array $o) { return api($o); }
class Sync {
  const OPTS = ['timeout' => 0];
  public function pull($u) { return slow_api(self::OPTS)->get($u); }
  public function label() { return 'sync'; }
}
`;
    expect(emptied(text)).toEqual(['label']);
    sameFindings(text);
  });

  test('a helper that makes a client by an imported short name, with its callers in other classes', () => {
    // `Client` is no word the engine follows: make() is followed because its `new Client` resolves to Guzzle's.
    const text = `<?php
namespace App\\Http;
use GuzzleHttp\\Client as Http;
final class Factory {
  private const DEFAULTS = ['base_uri' => 'https://api.example.test/', 'connect_timeout' => 2];
  public static function make(array $o = []) { return new Http(array_merge(self::DEFAULTS, $o)); }
  public static function label() { return 'api'; }
}
final class Export {
  public function run() { return Factory::make(['timeout' => 0])->get('/export'); }
  public function name() { return 'export'; }
}
`;
    expect(emptied(text)).toEqual(['label', 'name']);
    expect(sameFindings(text)).toHaveLength(1);
  });

  test('the callers of a method that passes its options on to a client the class holds, and theirs', () => {
    const text = `<?php
use GuzzleHttp\\Client;
class Api {
  private $http;
  public function __construct() { $this->http = new Client(['base_uri' => 'https://x.test/']); }
  private function call($uri, array $options) { return $this->http->get($uri, $options); }
  public function items(array $query) { return $this->call('items', ['query' => $query]); }
  public function all() { return $this->items(['page' => 1]); }
  public function label() { return strlen('api'); }
}
`;
    expect(emptied(text)).toEqual(['label']);
    expect(sameFindings(text)).toHaveLength(1);
  });

  test('a function named as a callable is kept whatever it takes: a special may run it', () => {
    for (const callback of ["'my_timeout'", 'my_timeout(...)']) {
      const text = `<?php
function my_timeout() { return 0; }
function idle() { return 1; }
add_filter('http_request_timeout', ${callback});
`;
      expect(emptied(text)).toEqual(['idle']);
      expect(findings(text, false)).toEqual(findings(text, true));
    }
    // A handle hook's callback run with the handle: what it writes is the finding.
    for (const callback of ["'my_tune'", 'my_tune(...)']) {
      const text = `<?php
function my_tune($h) { curl_setopt($h, CURLOPT_TIMEOUT, 0); }
function idle() { return 1; }
add_action('http_api_curl', ${callback});
`;
      expect(emptied(text)).toEqual(['idle']);
      sameFindings(text);
    }
  });

  test('a name in a comment is no call', () => {
    const text = `<?php
function fetch($url) { $ch = curl_init($url); return curl_exec($ch); }
function noted($x) { /* calls fetch() */ return $x; }
`;
    expect(emptied(text)).toEqual(['noted']);
    sameFindings(text);
  });

  test('a helper that reaches a method the file does not show on the object is kept where it is called; one that reaches only its own class is not', () => {
    const text = `<?php
class Fetcher extends \\Vendor\\Base {
  private $ch;
  public function fetch($u) { $this->ch = curl_init($u); $this->prepare(); $this->tidy(); return curl_exec($this->ch); }
  private function prepare() { $this->headers(); }
  private function headers() { $this->applyDefaults(); }
  private function tidy() { $this->count(); }
  private function count() { $this->n = 1; }
}
final class Plain {
  private $ch;
  public function fetch($u) { $this->ch = curl_init($u); $this->prepare(); return curl_exec($this->ch); }
  private function prepare() { $this->n = 2; }
}
`;
    expect(emptied(text)).toEqual(['tidy', 'count', 'prepare']);
    expect(findings(text, false)).toEqual(findings(text, true));
    expect(findings(text, true).map((f) => f.split(':')[0])).toEqual(['php/curl']);
  });

  test('a long chain and a ring of a class\'s own helpers are read, each body once', () => {
    const chain = Array.from({ length: 2000 }, (_, i) => `  private function step${i}() { ${i < 1999 ? `$this->step${i + 1}();` : '$this->done = 1;'} }`);
    const ring = Array.from({ length: 30 }, (_, i) => `  private function r${i}() { $this->r${(i + 1) % 30}(); $this->r${(i + 2) % 30}(); }`);
    const text = `<?php
final class Reader {
  private $ch;
  public function fetch($u) { $this->ch = curl_init($u); $this->step0(); $this->r0(); return curl_exec($this->ch); }
${chain.join('\n')}
${ring.join('\n')}
}
`;
    expect(sameFindings(text)).toHaveLength(1);
  });

  test('a callback named in a string is kept', () => {
    const text = `<?php
add_filter('http_request_args', 'my_args');
function my_args($args) { $args['timeout'] = 0; return $args; }
function fetch($u) { return wp_remote_get($u); }
`;
    expect(emptied(text)).toEqual([]);
  });

  test('a reader mapped over URLs, and SimpleXMLElement reading a URL, are kept with the callers that hand them one', () => {
    const text = `<?php
function fetch_all(array $urls) { return array_map('file_get_contents', $urls); }
function feed($url) { return new SimpleXMLElement($url, 0, true); }
function unrelated($a) { return $a + 1; }
fetch_all(['https://a.example.test/']);
feed('https://b.example.test/feed.xml');
`;
    expect(emptied(text)).toEqual(['unrelated']);
    expect(sameFindings(text)).toHaveLength(2);
  });

  test('a closure mapped over URLs is kept with the callers that hand them, and the function that builds them', () => {
    const text = `<?php
function fetch_all(array $urls) { return array_map(fn ($u) => file_get_contents($u), $urls); }
function feeds() { return ['https://b.example.test/feed']; }
function fetch_feeds() { return array_map(function ($u) { return file_get_contents($u); }, feeds()); }
function unrelated($a) { return $a + 1; }
fetch_all(['https://a.example.test/']);
`;
    expect(emptied(text)).toEqual(['unrelated']);
    expect(sameFindings(text)).toHaveLength(2);
  });
});

describe('the sliced text', () => {
  test('has the same length and line breaks, and parses', () => {
    const text = '<?php\r\nfunction a($u) {\r\n  $ch = curl_init($u);\r\n  return curl_exec($ch);\r\n}\r\nfunction b() {\r\n  $s = "{$x} \u00e9 }";\r\n  // }\r\n  return <<<EOT\r\n}\r\nEOT;\r\n}\r\n';
    const sliced = slice(text);
    expect(sliced).not.toBe(text);
    expect(sliced.length).toBe(text.length);
    expect([...sliced.matchAll(/\r\n|\n|\r/g)].map((m) => m.index)).toEqual([...text.matchAll(/\r\n|\n|\r/g)].map((m) => m.index));
    expect(isParseFailure(parsePhp(sliced, 'x.php'))).toBe(false);
  });

  test.for([
    ['braces that do not pair up', '<?php\nfunction a() { curl_init(); }\nfunction b() { return 1; }\n}\n'],
    ['__halt_compiler()', '<?php\nfunction a() { curl_init(); }\nfunction b() { return 1; }\n__halt_compiler(); {{{'],
    ['a namespace that names a client', '<?php\nnamespace GuzzleHttp;\nfunction a() { return new Client(); }\nfunction b() { return 1; }\n'],
    ['a namespace a client is in', '<?php\nnamespace Buzz;\nfunction a(Client\\BuzzClientInterface $c) { return $c; }\nfunction b() { return 1; }\n'],
    ['a comment inside a property access', '<?php\nclass A { function a() { curl_init(); } function b() { $this/**/->t = 0; } }\n'],
  ])('is the file itself where it has %s', ([, text]) => {
    expect(slice(text!)).toBe(text);
  });

  test('an anonymous class, a closure and a method named like a keyword do not confuse it', () => {
    const text = `<?php
$o = new class { public function list() { return 1; } };
$f = function ($x) { return $x; };
function fetch($u) { $ch = curl_init($u); return curl_exec($ch); }
function idle() { return Foo::class; }
`;
    expect(unitsForTesting(text)!.units.map((u) => u.name)).toEqual(['fetch', 'idle']);
    expect(emptied(text)).toEqual(['idle']);
  });
});
