import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from '@ts-morph/common';
import { globSync } from 'glob';
import { describe, expect, test } from 'vitest';
import { Mention, mayHoldFinding, mentionOf } from '../../src/catalogue/prefilter';
import { jsViews, jsWithoutComments } from '../../src/catalogue/js-code';
import { phpViews, phpWithoutComments } from '../../src/catalogue/php-code';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { lintText } from '../../src/core/lint';
import { phpTokens } from '../../src/core/php-tokens';
import { PARSE_OPTIONS, scriptKindOf } from '../../src/engines/js/parse';
import { languageOf } from '../../src/engines/registry';

const root = path.resolve(__dirname, '../..');
const sources = globSync('fixtures/**/*.*', { cwd: root, posix: true })
  .filter((f) => languageOf(f, DEFAULT_CONFIG) !== null)
  .sort();
const read = (f: string) => readFileSync(path.join(root, f), 'utf8').replace(/^\uFEFF/, '');
const findings = (text: string, file: string, noPrefilter: boolean) =>
  lintText(text, file, DEFAULT_CONFIG, { noPrefilter }).filter((m) => !m.fatal);

describe('prefilter soundness on the fixtures', () => {
  test.for(sources)('%s: the same findings with and without the prefilter', (file) => {
    const text = read(file);
    expect(findings(text, file, false)).toEqual(findings(text, file, true));
  });
});

describe('prefilter: clients handed on by relative imports', () => {
  test('a file that names no client but imports one through a module still gets its finding', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'htl-prefilter-'));
    try {
      writeFileSync(path.join(dir, 'http.js'), `module.exports = require('./inner');\n`);
      writeFileSync(path.join(dir, 'inner.js'), `module.exports = require('axios');\n`);
      const file = path.join(dir, 'b.js');
      const text = `const http = require('./http');\nhttp.get('https://a.test/');\n`;
      writeFileSync(file, text);
      const without = findings(text, file, true);
      expect(without.map((m) => m.ruleId)).toEqual(['js/axios']);
      expect(findings(text, file, false)).toEqual(without);
      writeFileSync(path.join(dir, 'inner.js'), 'module.exports = {};\n');
      expect(findings(text, file, false)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prefilter: Guzzle is reached only by names that spell Client', () => {
  const guzzle = (code: string) => findings(`<?php\n${code}\n`, 'g.php', true).map((m) => m.ruleId);
  test.for([
    ['use and new', `use GuzzleHttp\\Client;\n$c = new Client();\n$c->get('https://a.test/');`],
    ['an alias', `use GuzzleHttp\\Client as Http;\n$c = new Http();\n$c->get('https://a.test/');`],
    ['a group use', `use GuzzleHttp\\{Client, Psr7};\n$c = new Client();\n$c->get('https://a.test/');`],
    ['the namespace\'s own name', `namespace GuzzleHttp;\n$c = new Client();\n$c->get('https://a.test/');`],
    ['an injected interface', `use GuzzleHttp\\ClientInterface as Api;\nfunction f(Api $c) { return $c->get('https://a.test/', ['timeout' => 0]); }`],
  ])('%s: found, and the file passes', ([, code]) => {
    expect(guzzle(code)).toContain('php/guzzle');
    expect(mayHoldFinding('php', `<?php\n${code}\n`)).toBe(true);
  });
  test('a file that names GuzzleHttp but never Client is not parsed', () => {
    expect(mayHoldFinding('php', `<?php\nuse GuzzleHttp\\Psr7\\Request;\n$r = new Request('GET', 'https://a.test/');\n`)).toBe(false);
  });
});

describe('prefilter: a name relative to a namespace a client is in', () => {
  const code = (head: string, name: string) => `<?php\n${head}\nclass G { public function send(${name} $client, $r) { return $client->sendRequest($r, ['timeout' => 0]); } }\n`;
  test.for([
    ['inside the namespace', 'namespace Buzz;', 'Client\\BuzzClientInterface'],
    ['through an alias of it', 'use Buzz as B;', 'B\\Client\\BuzzClientInterface'],
  ])('%s: found, and the file passes', ([, head, name]) => {
    const text = code(head!, name!);
    expect(findings(text, 'b.php', true).map((m) => m.ruleId)).toContain('php/buzz');
    expect(mayHoldFinding('php', text)).toBe(true);
  });
  test('a group of it: found, and the file passes', () => {
    const text = `<?php\nuse Laminas\\Http\\{Client, Client\\Adapter\\Curl};\n$c = new Client($u, ['adapter' => Curl::class, 'timeout' => 0]);\n$c->send();\n`;
    expect(findings(text, 'l.php', true).map((m) => m.ruleId)).toContain('php/laminas-http');
    expect(mayHoldFinding('php', text)).toBe(true);
    expect(mayHoldFinding('php', text.replace('Laminas', 'Lamina'))).toBe(false);
  });
  test('a curl option written by its code (13, 155) where the client reads curl options counts as its name does', () => {
    const cases = [
      `<?php\nuse Laminas\\Http\\Client;\nuse Laminas\\Http\\Client\\Adapter\\Curl;\n$c = new Client($u, ['adapter' => Curl::class, 'curloptions' => [13 => 0]]);\n$c->send();\n`,
      `<?php\nadd_action('http_api_curl', function ($h) { curl_setopt($h, 155, 0); });\nwp_remote_get($u);\n`,
    ];
    for (const text of cases) {
      expect(findings(text, 'c.php', true).length, text).toBeGreaterThan(0);
      expect(mayHoldFinding('php', text), text).toBe(true);
    }
  });
  test('a client that must also name a class (alsoMentions) still must in its namespace', () => {
    const sent = `<?php\nnamespace MediaWiki;\nclass Fetch { public function run($u) { return MediaWikiServices::getInstance()->getHttpRequestFactory()->get($u, ['timeout' => 0]); } }\n`;
    expect(findings(sent, 'm.php', true).map((m) => m.ruleId)).toEqual(['php/mediawiki-http']);
    expect(mayHoldFinding('php', sent)).toBe(true);
    const config = `<?php\nnamespace MediaWiki;\nclass Limits { public function get() { return MediaWikiServices::getInstance()->getMainConfig()->get('timeout'); } }\n`;
    expect(findings(config, 'm.php', true)).toEqual([]);
    expect(mayHoldFinding('php', config)).toBe(false);
  });
  test('a namespace beside a client\'s does not pass', () => {
    expect(mayHoldFinding('php', `<?php\nuse Symfony\\Component\\Console\\Command;\nnamespace App\\Http;\n`)).toBe(false);
  });
  test('the namespace of a class whose static method makes a client: the method must be named', () => {
    // CodeIgniter's Config\Services::curlrequest(): in `namespace Config;` the call still spells `curlrequest`.
    const inside = `<?php\nnamespace Config;\nclass Fetch { public function run($u) { return Services::curlrequest(['timeout' => 0])->get($u); } }\n`;
    expect(findings(inside, 'c.php', true).map((m) => m.ruleId)).toEqual(['php/codeigniter-curlrequest']);
    expect(mayHoldFinding('php', inside)).toBe(true);
    expect(mayHoldFinding('php', `<?php\nuse Config;\nclass Page { public function run(Config $c) { return $c->get('Server'); } }\n`)).toBe(false);
  });
});

describe('prefilter: a client with a default of its own is owed a finding only where its timeout is disabled', () => {
  const php = (code: string) => `<?php\n${code}\n`;
  test.for([
    ['Drupal, the key', `$r = \\Drupal::httpClient()->get('https://a.test/', ['timeout' => 0]);`, 'php/drupal-http'],
    ['Drupal, the key in a variable', `$o = [];\n$o['timeout'] = 0;\n$r = \\Drupal::httpClient()->get('https://a.test/', $o);`, 'php/drupal-http'],
    ['Drupal, a container\'s service', `namespace Drupal\\x;\n$c = $container->get('http_client_factory')->fromOptions(['timeout' => 0]);`, 'php/drupal-http'],
    ['Laravel, the setter', `use Illuminate\\Support\\Facades\\Http;\nHttp::timeout(0)->get('https://a.test/');`, 'php/laravel-http'],
    ['CakePHP, an alias and the setter', `use Cake\\Http\\Client as Http;\n$h = Http::createFromUrl('https://a.test/');\n$h->setConfig('timeout', 0);\n$h->get('/x');`, 'php/cakephp-http'],
    ['WordPress, a handle hook', `add_action('http_api_curl', function ($h) { curl_setopt($h, CURLOPT_TIMEOUT, 0); });`, 'php/wordpress-http'],
    ['WordPress, a handle hook writing an array', `add_filter('http_api_curl', fn ($h) => curl_setopt_array($h, [CURLOPT_TIMEOUT_MS => 0]));`, 'php/wordpress-http'],
    ['Requests, a handle hook', `$k = new Requests_Hooks();\n$k->register('curl.before_send', fn ($h) => curl_setopt($h, CURLOPT_TIMEOUT, 0));`, 'php/requests'],
  ])('%s: found, and the file passes', ([, code, rule]) => {
    expect(findings(php(code), 'w.php', true).map((m) => m.ruleId)).toContain(rule);
    expect(mayHoldFinding('php', php(code))).toBe(true);
  });
  test('a request that leaves the timeout alone is not parsed (no finding is owed to it)', () => {
    const code = php(`$r = wp_remote_get('https://a.test/');\n$c = new WP_Http();`);
    expect(findings(code, 'w.php', true)).toEqual([]);
    expect(mayHoldFinding('php', code)).toBe(false);
  });
  test('a container\'s http_client is Drupal\'s only in a file that names Drupal (Symfony has one too)', () => {
    const code = php(`namespace App;\n$r = $container->get('http_client')->request('GET', 'https://a.test/', ['timeout' => 0]);`);
    expect(findings(code, 's.php', true)).toEqual([]);
    const drupal = code.replace('namespace App;', 'namespace Drupal\\app;');
    expect(findings(drupal, 's.php', true).map((m) => m.ruleId)).toEqual(['php/drupal-http']);
    expect(findings(drupal, 's.php', false).map((m) => m.ruleId)).toEqual(['php/drupal-http']);
  });
  test('the option\'s key counts as a word of its own, not inside another name', () => {
    const code = php(`use MediaWiki\\MediaWikiServices;\nuse Wikimedia\\RequestTimeout\\TimeoutException;\n$f = MediaWikiServices::getInstance()->getHttpRequestFactory();\n$copyUploadTimeout = 5;`);
    expect(findings(code, 'm.php', true)).toEqual([]);
    expect(mayHoldFinding('php', code)).toBe(false);
    const disabled = code.replace('$copyUploadTimeout = 5;', "$r = $f->get('https://a.test/', ['timeout' => 0]);");
    expect(findings(disabled, 'm.php', true).map((m) => m.ruleId)).toEqual(['php/mediawiki-http']);
    expect(mayHoldFinding('php', disabled)).toBe(true);
  });
  test.for([
    ['an option code as a named argument', `add_action('http_api_curl', function ($h) { curl_setopt(handle: $h, option: 13, value: 0); });\nwp_remote_get('https://a.test/');`],
    ['an option code after a comment', `add_action('http_api_curl', function ($h) { curl_setopt($h, /* total */ 13, 0); });\nwp_remote_get('https://a.test/');`],
    ["Magento's setOption(13, 0)", `use Magento\\Framework\\HTTP\\Client\\Curl;\nclass C { public function __construct(private Curl $curl) {}\n  public function go($u) { $this->curl->setOption(13, 0); $this->curl->post($u, []); } }`],
    ["Laminas' key with an underscore it drops", `use Laminas\\Http\\Client;\nuse Laminas\\Http\\Client\\Adapter\\Curl;\n$c = new Client('https://a.test/', ['adapter' => Curl::class, '_timeout' => 0]);\n$c->send();`],
  ])('%s: found, and the file passes', ([, code]) => {
    expect(findings(php(code!), 'w.php', true).length).toBeGreaterThan(0);
    expect(mayHoldFinding('php', php(code!))).toBe(true);
  });
  test('a curl option code in a list of numbers is no option', () => {
    const code = php(`$offsets = [12.75, 13, 13.75, 155, 14];\n$r = wp_remote_get('https://a.test/');`);
    expect(findings(code, 'w.php', true)).toEqual([]);
    expect(mayHoldFinding('php', code)).toBe(false);
  });
  // Requests' curl transport raises any 'timeout' to 1 s: WordPress's and Requests' own key can disable nothing.
  test.for([
    ['WordPress, the key', `wp_remote_get('https://a.test/', ['timeout' => 0]);`],
    ['WordPress, a filter', `add_filter('http_request_timeout', '__return_zero');`],
    ['Requests, the key', `WpOrg\\Requests\\Requests::get('https://a.test/', [], ['timeout' => 0]);`],
  ])('%s: a timeout of 0 is owed no finding, and the file is not parsed', ([, code]) => {
    expect(findings(php(code), 'w.php', true)).toEqual([]);
    expect(mayHoldFinding('php', php(code))).toBe(false);
  });
});

/** The code tokens php-parser's lexer sees, comments dropped. */
function lexerCode(text: string): string[] {
  return (phpTokens(text) ?? []).filter((t) => t.type !== 'T_COMMENT' && t.type !== 'T_DOC_COMMENT' && t.type !== 'T_WHITESPACE').map((t) => t.value);
}

const TRICKY: Record<string, string> = {
  'quotes in interpolation': `<?php $a = "{$x["k"]} // not a comment"; curl_init('http://a.test/');`,
  'dollar brace': `<?php $a = "\${x['/*']}"; curl_init(); // tail`,
  heredoc: `<?php\n$h = <<<EOT\n # no comment /* here\n  EOT;\ncurl_init('https://a.test/');\n`,
  nowdoc: `<?php\n$h = <<<'EOT'\n// kept\nEOT;\n$ch = curl_init();\n`,
  attribute: `<?php\n#[Attr] function f() { return curl_init(); }\n`,
  'close tag ends a line comment': `<?php // x ?> <b>http://html.test</b> <?php curl_init();`,
  'escaped quotes': `<?php $s = 'it\\'s // fine'; $t = "a \\" # b"; fsockopen('h');`,
  'hash in string': `<?php $s = "#"; $u = 'https://a.test/'; # https://comment.test`,
  'unterminated block': `<?php curl_init(); /* open`,
  'short tag': `<? $ch = curl_init(); ?>`,
  backticks: "<?php $o = `ls // x`; file_get_contents('http://a.test/');",
};

/**
 * The code tokens of the lexer outside the literal text of strings: a string's `{$...}` and `${...}` parts are
 * code; its text, and simple `$x` interpolations (a variable, no name), are not.
 */
function lexerNames(text: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let depth = 0;
  for (const t of phpTokens(text) ?? []) {
    if (['T_COMMENT', 'T_DOC_COMMENT', 'T_WHITESPACE', 'T_CONSTANT_ENCAPSED_STRING', 'T_ENCAPSED_AND_WHITESPACE'].includes(t.type)) continue;
    if (depth === 0 && (t.type === '"' || t.type === '`' || t.type === 'T_START_HEREDOC' || t.type === 'T_END_HEREDOC')) {
      quote = quote === null ? t.type : null;
      continue;
    }
    if (quote !== null && depth === 0 && t.type !== 'T_CURLY_OPEN' && t.type !== 'T_DOLLAR_OPEN_CURLY_BRACES') continue;
    if (quote !== null) {
      if (t.type === 'T_CURLY_OPEN' || t.type === 'T_DOLLAR_OPEN_CURLY_BRACES' || t.type === '{') depth++;
      else if (t.type === '}') depth--;
    }
    out.push(t.value);
  }
  return out;
}

function expectInOrder(kept: string, tokens: string[]): void {
  let at = 0;
  for (const token of tokens) {
    const found = kept.indexOf(token, at);
    expect(found, `token ${JSON.stringify(token)} kept`).toBeGreaterThanOrEqual(0);
    at = found + token.length;
  }
}

const PHP_STRINGS: Record<string, string> = {
  'names in strings': `<?php if (function_exists('curl_init')) { $c = "GuzzleHttp\\Client"; }`,
  'a call in an interpolation': `<?php $s = "a {$o->m(curl_init('https://a.test/'))} b"; $t = "\${x}";`,
  'dollar brace with a call': `<?php $s = "\${f(fsockopen('h'))}";`,
  'heredoc with code': `<?php
$h = <<<EOT
 text 'curl_init' {$o->m(curl_copy_handle($c))}
  EOT;
$x = 1;
`,
  'nowdoc': `<?php
$h = <<<'EOT'
{$o->m(curl_init())}
EOT;
$ch = fsockopen('h');
`,
  'escaped brace': `<?php $s = "\{$x} 'curl_init' \"{$y->z(1)}"; curl_reset($c);`,
};

describe('phpViews: the code alone', () => {
  test.for([...Object.entries(TRICKY), ...Object.entries(PHP_STRINGS)])('%s: keeps every code token outside strings\' text', ([, text]) => {
    expectInOrder(phpViews(text).code, lexerNames(text));
  });

  test.for(sources.filter((f) => f.endsWith('.php')))('%s: keeps every code token outside strings\' text', (file) => {
    expectInOrder(phpViews(read(file)).code, lexerNames(read(file)));
  });

  test('a client named only in strings does not pass; one called inside an interpolation does', () => {
    expect(phpViews(PHP_STRINGS['names in strings']!).code).not.toMatch(/curl_init|Guzzle/);
    expect(mayHoldFinding('php', PHP_STRINGS['names in strings']!)).toBe(false);
    expect(mayHoldFinding('php', `<?php $map = ['MultiHttpClient' => 'x.php', 'HttpClient' => 'y.php'];`)).toBe(false);
    expect(mayHoldFinding('php', `<?php $u = 'http://a.test/'; $f = 'file_get_contents';`)).toBe(false);
    expect(mayHoldFinding('php', `<?php $u = 'http://a.test/'; $b = file_get_contents($u);`)).toBe(true);
    expect(mayHoldFinding('php', PHP_STRINGS['a call in an interpolation']!)).toBe(true);
    expect(mayHoldFinding('php', PHP_STRINGS['heredoc with code']!)).toBe(true);
    // An option's key is a string: a client with a default of its own still passes where it is disabled.
    expect(mayHoldFinding('php', `<?php \\Drupal::httpClient()->get($u, ['timeout' => 0]);`)).toBe(true);
  });
});

describe('phpWithoutComments', () => {
  test.for(Object.entries(TRICKY))('%s: keeps every code token of the lexer', ([, text]) => {
    const kept = phpWithoutComments(text);
    let at = 0;
    for (const token of lexerCode(text)) {
      const found = kept.indexOf(token, at);
      expect(found, `token ${JSON.stringify(token)} kept`).toBeGreaterThanOrEqual(0);
      at = found + token.length;
    }
  });

  test.for(sources.filter((f) => f.endsWith('.php')))('%s: keeps every code token of the lexer', (file) => {
    const text = read(file);
    const kept = phpWithoutComments(text);
    let at = 0;
    for (const token of lexerCode(text)) {
      const found = kept.indexOf(token, at);
      expect(found).toBeGreaterThanOrEqual(0);
      at = found + token.length;
    }
  });

  test('drops comments: a licence header alone does not pass the prefilter', () => {
    const text = `<?php\n/**\n * See https://www.gnu.org/licenses/ and curl_init() docs.\n */\n# http://x.test\n// GuzzleHttp\n$a = 1;\n`;
    expect(mayHoldFinding('php', text)).toBe(false);
    // A URL in code alone is no stream read: a reader must be named too.
    expect(mayHoldFinding('php', `${text}$u = 'http://a.test/';\n`)).toBe(false);
    expect(mayHoldFinding('php', `${text}$u = 'http://a.test/';\n$b = file_get_contents($u);\n`)).toBe(true);
    expect(mayHoldFinding('php', `${text}$lines = file ('http://a.test/');\n`)).toBe(true);
    expect(mayHoldFinding('php', `${text}$lines = \\file('http://a.test/');\n`)).toBe(true);
    // A reader named only in a string, as a callback, is read through the function that calls it.
    expect(mayHoldFinding('php', `${text}$all = array_map('file_get_contents', ['http://a.test/']);\n`)).toBe(true);
    expect(mayHoldFinding('php', `${text}$read = '\\\\file_get_contents';\n$all = array_map($read, ['http://a.test/']);\n`)).toBe(true);
    // array_map() of anything else, beside a URL, is not a read.
    expect(mayHoldFinding('php', `${text}$all = array_map('trim', ['http://a.test/']);\n`)).toBe(false);
    expect(mayHoldFinding('php', `${text}$one = call_user_func('file_get_contents', 'http://a.test/');\n`)).toBe(true);
    expect(mayHoldFinding('php', `${text}$one = call_user_func_array('file_get_contents', ['http://a.test/']);\n`)).toBe(true);
    // As a key too: a loop over the keys hands them on.
    const keyed = `${text}foreach (['file_get_contents' => 'http://a.test/'] as $fn => $u) { $page = call_user_func($fn, $u); }\n`;
    expect(findings(keyed, 'k.php', true).length).toBeGreaterThan(0);
    expect(mayHoldFinding('php', keyed)).toBe(true);
    // The reader's name in a string, with no caller of it beside it, is no read.
    expect(mayHoldFinding('php', `${text}$name = 'file_get_contents';\n$u = 'http://a.test/';\n`)).toBe(false);
    expect(mayHoldFinding('php', `${text}$one = call_user_func('trim', 'http://a.test/');\n`)).toBe(false);
    expect(mayHoldFinding('php', `${text}$feed = new SimpleXMLElement('http://a.test/feed', 0, true);\n`)).toBe(true);
    // A call word names the built-in function, not a method or another function that ends in it.
    for (const other of ['is_file($u)', '$this->file($u)', '$this?->copy($u)', 'Storage::copy($u)', '$file($u)']) {
      expect(mayHoldFinding('php', `${text}$u = 'http://a.test/';\n${other};\n`), other).toBe(false);
    }
  });
});

/** The code tokens TypeScript's parser reads, in order (comments are trivia, not tokens). */
function parserTokens(text: string, file: string): string[] {
  const sf = ts.createSourceFile(file, text, PARSE_OPTIONS, true, scriptKindOf(file));
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    const kids = n.getChildren(sf);
    if (!kids.length && n.kind !== ts.SyntaxKind.EndOfFileToken) out.push(n.getText(sf));
    kids.forEach(visit);
  };
  visit(sf);
  return out.filter((t) => t !== '');
}

function expectTokensKept(text: string, file: string): void {
  const kept = jsWithoutComments(text);
  let at = 0;
  for (const token of parserTokens(text, file)) {
    const found = kept.indexOf(token, at);
    expect(found, `token ${JSON.stringify(token)} kept`).toBeGreaterThanOrEqual(0);
    at = found + token.length;
  }
}

const JS_TRICKY: Record<string, string> = {
  'comment marks in strings': `const a = '// no'; const b = "/* no */"; fetch(a + b); // tail`,
  'regular expressions': `const r = /\\/\\/*x/g, s = /[/*]/; if (r.test(s)) fetch('u'); /* c */`,
  'regular expression after return': `function f(s) { return /'/.test(s) && fetch(s); }`,
  division: `const half = total / 2; const q = (a) / b; fetch(\`\${half}/\${q}\`); // c`,
  'templates with code': "const t = `a ${ {k: '/*'}.k } b ${ `in ${'//'}` } c`; fetch(t); /* x */",
  'template spanning lines': "const t = `line // one\n/* two */`;\nfetch(t);\n",
  'JSX text with a URL': `const el = <a href="https://a.test/">see http://a.test/ now</a>; fetch('u');`,
  'escaped quotes': `const s = 'it\\'s // fine', t = "a \\" /* b"; fetch(s, t);`,
  'unterminated block': `fetch(u); /* open`,
  'keyword before regex': `const x = typeof /a/; const y = a in /b/ ? 1 : void /c/; fetch(x);`,
  'postfix then division': `let i = 0; const z = i++ / 2; fetch('/*', z); // c`,
  'html comment tokens': `const a = b<!--c; fetch(a);`,
};

const TEMPLATE_PARTS = new Set([ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail]);

/**
 * The parser's code tokens, but for quoted strings and templates' text that are not a name: what the code view
 * must keep.
 */
function parserNames(text: string, file: string): string[] {
  const sf = ts.createSourceFile(file, text, PARSE_OPTIONS, true, scriptKindOf(file));
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    const kids = n.getChildren(sf);
    if (!kids.length && n.kind !== ts.SyntaxKind.EndOfFileToken) {
      const t = n.getText(sf);
      const isName = /^.[\w$]*.$/.test(t);
      if (TEMPLATE_PARTS.has(n.kind) ? n.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral && isName : !/^(['"]).*\1$/s.test(t) || isName) out.push(t);
    }
    kids.forEach(visit);
  };
  visit(sf);
  return out.filter((t) => t !== '');
}

const JS_STRINGS: Record<string, string> = {
  'messages name a client': `throw new Error('fetch failed: ' + e); const m = "XMLHttpRequest is not supported";`,
  'a name as a key': `globalThis['fetch'](u); const { 'axios': a } = deps;`,
  'regular expression with a quote after a parenthesis': `if (ok) /'/.test(s) && fetch(s); const t = 'x';`,
  'regular expression with a quote after a brace': `{ a(); } /"/g.exec(s), fetch(s, "y");`,
  'a keyword as a property, then division': `const r = x.in / 2 + '/' + fetch(u) + '/';`,
  'JSX text with an apostrophe': `const el = <p>don't {fetch(u)} here</p>;`,
  'unterminated string': `const s = 'open\nfetch(u);`,
  'template with code': "const t = `${fetch('https://a.test/')}`;",
};

describe('jsViews: the code alone', () => {
  test.for([...Object.entries(JS_TRICKY), ...Object.entries(JS_STRINGS)])('%s: keeps every code token that is not a string\'s text', ([, text]) => {
    expectInOrder(jsViews(text).code, parserNames(text, 'tricky.tsx'));
  });

  test.for(sources.filter((f) => languageOf(f, DEFAULT_CONFIG) === 'js'))('%s: keeps every code token that is not a string\'s text', (file) => {
    expectInOrder(jsViews(read(file)).code, parserNames(read(file), file));
  });

  test('a client named only in a message does not pass; a name as a key, a call on an unsure line or in JSX does', () => {
    expect(jsViews(JS_STRINGS['messages name a client']!).code).not.toMatch(/fetch|XMLHttpRequest/);
    expect(mayHoldFinding('js', JS_STRINGS['messages name a client']!)).toBe(false);
    for (const name of ['a name as a key', 'regular expression with a quote after a parenthesis', 'a keyword as a property, then division', 'JSX text with an apostrophe', 'template with code']) {
      expect(mayHoldFinding('js', JS_STRINGS[name]!), name).toBe(true);
    }
    // A module is still named by its specifier, a string.
    expect(mayHoldFinding('js', `const h = require('node:https');`)).toBe(true);
  });

  test('a client named only in a template\'s text does not pass; one in its code, a template that is a name, or after an unsure `/` does', () => {
    expect(mayHoldFinding('js', 'throw new Error(`Failed to fetch ${url}: use axios`);')).toBe(false);
    expect(mayHoldFinding('js', 'const m = `a ${b} fetch ${c} XMLHttpRequest`;')).toBe(false);
    expect(mayHoldFinding('js', 'const r = `${await fetch(u)}`;')).toBe(true);
    expect(mayHoldFinding('js', 'const r = `a ${`b ${fetch(u)}`} c`;')).toBe(true);
    expect(mayHoldFinding('js', 'globalThis[`fetch`](u);')).toBe(true);
    // `(x) /` may begin a regular expression holding a backtick: templates after it are kept whole.
    expect(mayHoldFinding('js', 'const h = (a) / 2;\nconst m = `use fetch`;')).toBe(true);
    expect(mayHoldFinding('js', 'const m = `use fetch`;\nconst h = (a) / 2;')).toBe(false);
    // An unterminated template is kept.
    expect(mayHoldFinding('js', 'const m = `use fetch')).toBe(true);
  });
});

describe('jsWithoutComments', () => {
  test.for(Object.entries(JS_TRICKY))('%s: keeps every code token of the parser', ([, text]) => {
    expectTokensKept(text, 'tricky.tsx');
    expect(jsWithoutComments(text)).not.toMatch(/\/\/ (tail|c)$|\/\* (c|x) \*\//);
  });

  test.for(sources.filter((f) => languageOf(f, DEFAULT_CONFIG) === 'js'))('%s: keeps every code token of the parser', (file) => {
    expectTokensKept(read(file), file);
  });

  test('drops comments: a client named only in comments does not pass the prefilter', () => {
    const text = `/**\n * Uses fetch() and axios, see https://a.test/.\n * require('http')\n */\n// XMLHttpRequest\nconst a = 1;\n`;
    expect(mayHoldFinding('js', text)).toBe(false);
    expect(mayHoldFinding('js', `${text}const r = await fetch(u);\n`)).toBe(true);
  });

  test('roots: a global by its own name, a module by its import; properties and plain strings do not count', () => {
    const yes = [
      'fetch(u)', 'const f = fetch;', 'const { fetch: f } = globalThis;', "window['fetch'](u)", 'const g = window; g.fetch(u);',
      "import got from 'got';", "const h = require ( 'node:https' );", "const u = await import('undici');",
      "export { default } from 'axios';", 'new XMLHttpRequest()', '$.ajax(o)', "import type { Got } from 'got';",
      // An AMD dependency list: the factory's parameter at its place is the module, under any name.
      "define(['jquery'], function (jq) { jq.ajax(o); });", 'define("w", [ "a",\n  "jquery" ], function (a, jq) {});',
      "require(['axios'], function (http) { http.get(u); });",
    ];
    const no = [
      'api.fetch(u)', 'prefetch(u)', 'this.fetchAll()', "const scheme = 'http';", "map.set('got', 1)", 'x.axios = 1', '`${a}`',
      "define(['lodash'], function (_) { return 'jquery'; });", "const deps = ['jquery'];",
    ];
    for (const code of yes) expect(mayHoldFinding('js', code), code).toBe(true);
    for (const code of no) expect(mayHoldFinding('js', code), code).toBe(false);
  });
});

describe('prefilter: a client a framework hands an exported function', () => {
  test('a member read off a parameter counts where a function or object the catalogue names is exported', () => {
    const yes = [
      'export const actions = { default: async (event) => event.fetch(u) };',
      'export async function GET(event) { return event.fetch(u); }',
      'export const load: PageLoad = (e) => e.fetch(u);',
    ];
    const no = [
      'export const handlers = { run: (event) => event.fetch(u) };',
      'const actions = { run: (event) => event.fetch(u) };',
      'export const actionsList = [(e) => e.fetch(u)];',
      'export const actions = { run: () => go() };',
    ];
    for (const code of yes) expect(mayHoldFinding('js', code), code).toBe(true);
    for (const code of no) expect(mayHoldFinding('js', code), code).toBe(false);
  });
});

describe('prefilter: modules whose clients are named exports', () => {
  test('such a module lets a file through only with one of those names; as a module that may hand it on, alone', () => {
    const yes = [
      "import { Module, HttpModule } from '@nestjs/common';", "const { net } = require('electron');",
      "import * as electron from 'electron';\nelectron.net.request(u);", "const e = require('electron');\ne['net'].request(u);",
      "import gh from '@actions/github';\ngh.getOctokit(token);", "import { useFetch } from '@vueuse/core';\nuseFetch(u);",
    ];
    const asModuleOnly = [
      "import { Injectable } from '@nestjs/common';\nexport class A {}", "const { app, BrowserWindow } = require('electron');",
      "import { useStorage } from '@vueuse/core';\nuseStorage('k', 1);", "export * from '@octokit/core';", "module.exports = require('electron');",
      "const { app } = require('electron'); // net is used elsewhere",
    ];
    for (const code of yes) expect([mayHoldFinding('js', code), mentionOf('js', code)], code).toEqual([true, Mention.Finding]);
    for (const code of asModuleOnly) expect([mayHoldFinding('js', code), mentionOf('js', code)], code).toEqual([false, Mention.AsModule]);
    expect(mentionOf('js', "import { app } from './electron';\napp.net();")).toBe(Mention.None);
  });

  test('a computed member whose key another module gives passes, and is found; an array indexed by a local does not', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'htl-prefilter-'));
    try {
      writeFileSync(path.join(dir, 'keys.js'), "export const KEY = 'net';\n");
      const file = path.join(dir, 'main.js');
      const text = "import * as e from 'electron';\nimport { KEY } from './keys';\ne[KEY].request('https://a.test/').end();\n";
      const without = findings(text, file, true);
      expect(without.map((m) => m.ruleId)).toEqual(['js/electron-net']);
      expect(findings(text, file, false)).toEqual(without);
      const indexed = text.replace('e[KEY]', 'const arr = [KEY];\nfor (let i = 0; i < arr.length; i++) arr[i]');
      expect([mayHoldFinding('js', indexed), mentionOf('js', indexed)]).toEqual([false, Mention.AsModule]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a key imported as a default, a namespace\'s member, by require or under another name passes; a key bound otherwise does not', () => {
    const yes = [
      "import * as e from 'electron';\nimport K from './keys';\ne[K].request(u);",
      "import * as e from 'electron';\nimport * as keys from './keys';\ne[keys.KEY].request(u);",
      "import e from 'electron';\nimport { KEY as K } from 'app-keys';\ne?.[K].request(u);",
      "const e = require('electron');\nconst { KEY } = require('./keys');\ne[KEY].request(u);",
      "const e = require('electron');\nconst keys = require('./keys');\ne [ keys . KEY ].request(u);",
      "const e = require('electron');\ne[require('./keys').KEY].request(u);",
      "import * as e from 'electron';\nimport * as keys from './keys';\nconst { KEY } = keys;\nconst K: string = KEY;\ne[K].request(u);",
      "import * as v from '@vueuse/core';\nimport { FETCH } from '@app/keys';\nv[FETCH](u);",
    ];
    const asModuleOnly = [
      "import * as e from 'electron';\nimport { KEY } from './keys';\nconst k = 'x';\ne[k].request(u);",
      "import { Injectable } from '@nestjs/common';\nimport { KEY } from './keys';\nconst list = [KEY];\nexport const first = (i) => list[i];",
      "import * as e from 'electron';\nimport { KEY } from './keys';\nconst s = 'e[KEY]'; // e[KEY]",
    ];
    for (const code of yes) expect([mayHoldFinding('js', code), mentionOf('js', code)], code).toEqual([true, Mention.Finding]);
    for (const code of asModuleOnly) expect([mayHoldFinding('js', code), mentionOf('js', code)], code).toEqual([false, Mention.AsModule]);
  });
});

describe('prefilter: keys and global objects that cannot reach a global client', () => {
  test('a key or `typeof` alone is no use of the global by its name; a key read from a global object, a ternary or a call under `typeof` is', () => {
    const yes = [
      'const f = cond ? fetch : other; f(u);', 'const { fetch: f } = globalThis;', 'const { fetch: f } = window ?? self;',
      'call(a, fetch)', 'const o = { a, fetch };', 'const t = typeof fetch(u);', 'typeof fetch.call(null, u)', 'typeof fetch?.(u)',
      "typeof fetch === 'function' && fetch(u)",
    ];
    const no = [
      'createClient({ url, fetch: settings.fetch });', 'const { fetch: f } = options; f(u);',
      'interface O {\n  fetch?: Fetch;\n  axios: Instance;\n}', 'function f({ a, fetch: custom }) { return custom(u); }',
      "if (typeof fetch !== 'undefined') use(x);", 'type P = Parameters<typeof fetch>[1];',
    ];
    for (const code of yes) expect(mayHoldFinding('js', code), code).toBe(true);
    for (const code of no) expect(mayHoldFinding('js', code), code).toBe(false);
  });

  test('a global object counts where it can hand on a client: as a value or by a client\'s name, not typeof or another property', () => {
    const yes = [
      'window.fetch(u)', 'window?.fetch(u)', 'window\n  .fetch(u)', 'window.self.fetch(u)', 'const g = globalThis; g.fetch(u);',
      "const g = typeof window < 'u' ? window : global; g.fetch(u);", "this.fetch = self['fetch'];", 'this.fetch = f(globalThis);',
      'typeof window.fetch(u)', "typeof window['fetch'](u)", 'const o = { global }; o.fetch(u);', 'const o = { g: global }; o.g.fetch(u);',
    ];
    const no = [
      "if (typeof window !== 'undefined') this.fetch(u);", 'window.location.href = x; this.fetch(u);',
      'self.addEventListener("message", () => api.fetch(u));', 'global.process.env.X; client.fetch(u);',
      // a key named like a global object is no use of it (core-js's bundled `$({ global: true, … })`)
      '$({ global: !0, forced: x }, { fetch: f }); v = i.Bun.version;', 'const o = { self: false, window: 1 }; o.fetch(u);',
    ];
    for (const code of yes) expect(mayHoldFinding('js', code), code).toBe(true);
    for (const code of no) expect(mayHoldFinding('js', code), code).toBe(false);
  });
});
