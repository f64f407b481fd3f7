import { defineClient } from '../../src/catalogue/define-client';

const curl = ['curl', 'core\\files\\curl'];
const send = (method: string, optionsArg: number) => ({ method, optionsArg });

export default defineClient({
  id: 'php/moodle-curl',
  language: 'php',
  client: "Moodle's curl class",
  summary: "Moodle's curl class (lib/filelib.php; \\core\\files\\curl, aliased \\curl, in later versions): a 30 s connect bound and no total unless setopt() or a request's options give one",
  special: 'options-client',
  // `new curl()` or `new \curl()` (PHP needs no parentheses: `new curl;`), a parameter or property typed `curl $c`, or
  // the namespaced class: `files\curl` is what `\core\files\curl` and `use core\files\curl;` spell, so that a file naming
  // `core\…` alone (most of Moodle's) does not pass. `curl` alone would let through every file that calls curl_init().
  mentions: ['new curl(', 'new \\curl(', 'new curl;', 'new \\curl;', 'curl $', 'files\\curl'],
  // Other libraries have a global `Curl` class too (shuber/curl, home-made ones in another file): the class is Moodle's
  // only beside a word of Moodle's own, as its plugins write (`defined('MOODLE_INTERNAL') || die();`, `global $CFG;`,
  // `require_once($CFG->libdir . '/filelib.php');`, its exceptions and `moodle_url`), or the namespaced class.
  alsoMentions: ['MOODLE_INTERNAL', '$CFG', 'filelib.php', 'moodle_exception', 'coding_exception', 'moodle_url', 'files\\curl'],
  // __construct($settings): 'proxy', 'debug', 'cookie', 'cache', 'module_cache', 'securityhelper', 'ignoresecurity';
  // none is a curl option. The class moved to \core\files\curl, aliased to \curl (class_alias).
  creates: curl.map((cls) => ({ new: cls, optionsArg: null })),
  // A method's parameter typed curl holds the caller's object, configured there or not.
  injected: curl,
  derives: [],
  setters: [],
  // setopt(array $options) sets each key in turn over the options resetopt() gave; a key that is not a string throws
  // a coding_exception, so `CURLOPT_TIMEOUT => 30` (an integer key) sets nothing.
  arraySetters: ['setopt'],
  mergingSetters: ['setopt'],
  // request() runs apply_opt($curl, $options), which gives the request's $options to $this->setopt(): they stay set
  // for the object's later requests.
  requestOptionsStay: true,
  // setopt() and apply_opt() (which gives each request's $options to setopt()): a key holding no 'CURLOPT_' (any case)
  // becomes 'CURLOPT_' and the key upper-cased, one holding it is upper-cased: 'timeout', 'TIMEOUT' and
  // 'curlopt_timeout' are CURLOPT_TIMEOUT.
  keyFold: { case: 'upper', prefix: 'CURLOPT_' },
  // get/post/put/patch/delete($url, $params, $options), download_one($url, $params, $options); head/trace/options($url,
  // $options), download($requests, $options): each goes to request() or multi(), whose apply_opt() sets $options.
  requests: [
    ...['get', 'post', 'put', 'patch', 'delete', 'download_one'].map((m) => send(m, 2)),
    ...['head', 'trace', 'options', 'download'].map((m) => send(m, 1)),
  ],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  // setopt(), setHeader(), resetopt() return nothing: no call chains on them.
  fluent: false,
  createIsRequest: false,
  labels: {
    CURLOPT_TIMEOUT: "->setopt(['CURLOPT_TIMEOUT' => …])",
    CURLOPT_TIMEOUT_MS: "->setopt(['CURLOPT_TIMEOUT_MS' => …])",
  },
  // apply_opt() gives each option to curl_setopt(constant($name), $val): libcurl's CURLOPT_TIMEOUT, where 0 (null,
  // false, a fraction: cast to an integer) is "never" and a negative value is refused, the previous one kept.
  total: {
    options: [{ name: 'CURLOPT_TIMEOUT', unit: 's' }, { name: 'CURLOPT_TIMEOUT_MS', unit: 'ms' }],
    never: [0, false, null],
    unset: [],
    negative: 'ignored',
    integerValues: true,
    coversConnect: true,
  },
  connect: null,
  // resetopt(), run by the constructor: CURLOPT_CONNECTTIMEOUT = 30 and no CURLOPT_TIMEOUT.
  connectDefault: "30 s (CURLOPT_CONNECTTIMEOUT, set by resetopt())",
  libraryDefault: null,
  fix: {
    kind: 'statementAfter',
    total: "{{client}}->setopt(['CURLOPT_TIMEOUT' => {{value}}]);",
    into: { methods: ['setopt'], entry: "'CURLOPT_TIMEOUT' => {{value}}" },
    level: 'fix',
  },
});
