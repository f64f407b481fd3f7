import { CLIENTS } from '../../../rules/index';
import type { CurlHandleSpec } from '../../catalogue/define-client';
import type { CallShape, OptionsClientSpec, SocketSpec, StreamSpec } from '../../catalogue/php-specs';
import { clientNamespaces, codeMentionPattern, holdsAlsoMentions } from '../../catalogue/prefilter';
import { codeOfFragment } from '../../catalogue/php-code';
import { composerVersion } from '../../core/composer-version';
import { lineStarts } from '../../core/positions';
import type { Engine, EngineResult, EngineSettings, Finding } from '../../model/finding';
import { INI_BOUND_RISK } from '../../model/messages';
import { Interpreter } from './interpreter';
import { endOf, isParseFailure, parsePhp, startOf, type PhpNode } from './parse';
import { constructsAny, type IsRelevant, type Program } from './program';
import { CurlTracker } from './special/curl-handle';
import { judgeHandle } from './special/curl-judge';
import { IniTracker, ReadTimeoutTracker } from './special/ini';
import { loopFacts } from './special/feof-loop';
import { OptionsClientTracker } from './special/options-client';
import { judgeOptionsClients } from './special/options-judge';
import { optionsWrapperTest } from './special/options-wrapper';
import { FilterTracker, judgeFilters } from './special/filter-hooks';
import { judgeSockets, SocketTracker } from './special/socket-open';
import { Specials, type Special } from './special/special';
import { sliceForAnalysis, type SliceWords } from './slice';
import { judgeStreams } from './special/stream-judge';
import { StreamTracker } from './special/stream-url';

const php = CLIENTS.filter((c) => c.language === 'php');
const curlSpecs = php.filter((c): c is CurlHandleSpec => c.special === 'curl-handle');
const optionSpecs = php.filter((c): c is OptionsClientSpec => c.special === 'options-client');
const streamSpecs = php.filter((c): c is StreamSpec => c.special === 'stream-url');
const socketSpecs = php.filter((c): c is SocketSpec => c.special === 'socket-open');

// A call word names the built-in function, as in the prefilter: `file(`, not `profile(` or `$this->file(`.
const callWord = (w: string): string => (w.endsWith('(') ? `(?<![\\w$]|->|::)${escapeWord(w.slice(0, -1))}\\s*\\(` : escapeWord(w));
// Functions whose body mentions one of these are worth following into when called. An options client's keys
// are among them: a helper that gives back the options (`return ['timeout' => 0];`) decides the bound.
const followedWords = [
  ...php.flatMap((c) => c.mentions ?? []),
  ...curlSpecs.flatMap((c) => [...c.handle.setOption, ...c.handle.optionPrefixes]),
  ...streamSpecs.flatMap((c) => c.calls.map((call) => `${call.fn}(`)),
  ...streamSpecs.flatMap((c) => [...c.libxmlConstructors, ...c.constructors].map((x) => x.new)),
  ...new Set(optionSpecs.flatMap((c) => [c.total, c.connect, c.idle].flatMap((b) => b?.options ?? []).map((o) => o.name))),
];
const escapeWord = (w: string): string => w.replace(/[^\w]/g, '\\$&');
// `array_map('file_get_contents', $urls)`, `call_user_func('file_get_contents', $url)`: a reader handed by name to
// a function that calls it. `array_map(` alone is too common a word (following every function that maps an array
// made the PHP part of the benchmark's corpus 3-4% slower); a reader called in a closure is a word above.
const handedReader = ((): string => {
  const callers = streamSpecs.flatMap((c) => [...c.mappers, ...c.invokers].map((m) => escapeWord(m.fn)));
  const readers = streamSpecs.flatMap((c) => c.calls.map((call) => escapeWord(call.fn)));
  return `(?:${callers.join('|')})\\s*\\(\\s*(?:\\w+\\s*:\\s*)?['"]\\\\{0,2}(?:${readers.join('|')})['"]`;
})();
// A function that gives back a stream context's options (`return ['http' => ['method' => $m]];`) decides the
// context a reader is given, timeout or none: the wrapper's key, written as an array's key, is followed too.
const contextOptions = ((): string => {
  const keys = streamSpecs.flatMap((c) => [c.contextKey, ...c.wrongContextKeys].map(escapeWord));
  return `['"](?:${keys.join('|')})['"]\\s*=>\\s*(?:\\[|array\\s*\\()`;
})();
const relevantWords = new RegExp([...followedWords.map(callWord), handedReader, contextOptions].join('|'), 'i');
// A function that makes a client by a name the file imports (`use GuzzleHttp\Client;` … `new Client($o)`) is
// followed too: its callers' options are the client's. Its short name is no followed word (too common a word).
const clientClasses = new Set(optionSpecs.flatMap((c) => c.creates.flatMap((x) => ('new' in x ? [x.new] : []))));
const NEW = /\bnew\b/i;
// A method that passes its options on to a client it holds (`$this->http->request($m, $u, $options)`) is followed
// from its callers, whose options those are.
const wrappers = optionsWrapperTest(optionSpecs);
function isRelevant(text: string): IsRelevant {
  let urlNames: { program: Program; pattern: RegExp | null } | null = null;
  return (n, program, cls) => {
    // A name or URL in a comment is no use of it (PHPMailer's `//Matches scheme definition from https://…`).
    const code = codeOfFragment(text.slice(startOf(n), endOf(n)));
    if (urlNames?.program !== program) urlNames = { program, pattern: urlConstants(text, program) };
    return relevantWords.test(code) || (!!urlNames.pattern && givesUrl(code, urlNames.pattern)) || (NEW.test(code) && constructsAny(n, program, clientClasses))
      || (wrappers.pattern.test(code) && wrappers.forwards(n, cls, program));
  };
}

/**
 * The names of the file's constants whose value spells a URL (`const BASE_URL = 'https://…'`, `define('API',
 * 'https://…')`), or names one that does, as one pattern: a function that only names one (`return sprintf('%s/%s',
 * self::BASE_URL, $path);`) gives its callers a URL, so it is worth inlining as one that spells it. Null: none.
 */
function urlConstants(text: string, program: Program): RegExp | null {
  const decls = [...program.constants, ...program.classes.flatMap((c) => [...c.constants])]
    .map(([name, value]) => [name, text.slice(startOf(value), endOf(value))] as const);
  const names = new Set<string>();
  let found = decls.filter(([, value]) => relevantWords.test(value));
  for (let round = 0; round < 4 && found.length; round++) {
    for (const [name] of found) names.add(name);
    const named = new RegExp(`\\b(?:${[...names].map(escapeWord).join('|')})\\b`);
    found = decls.filter(([name, value]) => !names.has(name) && named.test(value));
  }
  return names.size ? new RegExp(`\\b(?:${[...names].map(escapeWord).join('|')})\\b`, 'g') : null;
}

// `$feed[ATOM_NS]`: an offset after a variable, a property, a call or another offset (not an array after a keyword,
// `return [ATOM_NS]`); `ATOM_NS => $x`: a key.
const OFFSET_BEFORE = /(?:\$[\w\x80-\uffff]+|->\s*[\w\x80-\uffff]+|[\])}])\s*\[\s*(?:(?:self|static|[\w\\]+)::)?$/;
const OFFSET_AFTER = /^\s*\]/;
const KEY_AFTER = /^\s*=>/;

/**
 * Whether `code` names a URL constant (`urlConstants`, a global pattern) other than as an array's offset or key:
 * SimplePie's XML namespaces are URLs, and its methods name them only to look up parsed elements
 * (`$this->data['child'][SIMPLEPIE_NAMESPACE_ATOM_10]`), which hands no URL on; inlining each such method at each
 * of its calls took a third of a second on that one file.
 */
function givesUrl(code: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const after = code.slice(m.index + m[0].length, m.index + m[0].length + 16);
    const offset = OFFSET_AFTER.test(after) && OFFSET_BEFORE.test(code.slice(Math.max(0, m.index - 80), m.index));
    if (!offset && !KEY_AFTER.test(after)) return true;
  }
  return false;
}

// What a declaration must name to be parsed for its own sake (slice.ts): a client, a function a special follows,
// or state other code reads (ini settings, stream and socket defaults). URL schemes are strings: a function that
// only spells a URL is parsed when code that fetches calls it.
const STATE_WORDS = ['ini_set', 'ini_alter', 'default_socket_timeout', 'stream_', 'socket_', 'curl_', 'libxml_set_streams_context'];
const CLIENT_NAMESPACES = clientNamespaces(php);

const stateWords = [...followedWords.filter((w) => !w.includes('://')), ...STATE_WORDS].map(callWord).join('|');
const seedPatterns = new Map<string, RegExp>();

/** What makes a declaration of `text` worth parsing (slice.ts). */
export function sliceWords(clients: EngineSettings['clients'], text: string): SliceWords {
  const declared = (clients ?? []).filter((c) => c.language === 'php').flatMap((c) => c.call.replace(/^\\/, '').split('::'));
  const source = [codeMentionPattern('php', text).source, stateWords, ...declared.map(escapeWord)].join('|');
  let seeds = seedPatterns.get(source);
  if (!seeds) {
    if (seedPatterns.size > 64) seedPatterns.clear();
    seeds = new RegExp(source, 'i');
    seedPatterns.set(source, seeds);
  }
  return { seeds, relevant: relevantWords, forwards: wrappers.pattern, clientNamespaces: CLIENT_NAMESPACES };
}

/** In-house calls declared in config as `like` this client: `fn` or `Class::method`. */
function declaredShapes(clients: EngineSettings['clients'], id: string): CallShape[] {
  return (clients ?? []).filter((c) => c.language === 'php' && c.like === id).map((c) => {
    const [cls, method] = c.call.replace(/^\\/, '').toLowerCase().split('::');
    const optionsArg = c.optionsArg ?? null;
    return method ? { static: [cls!, method] as const, optionsArg } : { fn: cls!, optionsArg };
  });
}

/**
 * What the message says where the file's packages give a version of the client's library before its default bound
 * came (`libraryDefault.since`); undefined where the default holds, or nothing says. Read only for a client whose
 * calls the file makes.
 */
function olderDefault(t: OptionsClientTracker, filePath: string): string | undefined {
  const since = t.spec.libraryDefault?.since;
  if (!since || !t.requests.size) return undefined;
  const read = composerVersion(filePath, since.packages);
  if (!read || read.majors[1] >= since.major) return undefined;
  const [lo, hi] = read.majors;
  return `${since.before} (the project's Composer manifests give ${read.name} ${lo === hi ? hi : lo === 0 ? `before ${hi + 1}` : `${lo} to ${hi}`})`;
}

/** One walk of the file for every PHP client, then each client's judgement. */
function lintAst(ast: PhpNode, text: string, filePath: string, settings: EngineSettings): Finding[] {
  const ini = new IniTracker('default_socket_timeout');
  const curl = curlSpecs.map((s) => new CurlTracker(s));
  const options = optionSpecs.map((s) => new OptionsClientTracker(s, declaredShapes(settings.clients, s.id)));
  // A client the prefilter lets through only with its `alsoMentions` (Moodle's curl beside Moodle's words) is reported
  // only where the file holds one, as with --fix or no prefilter too; a call declared `like` it needs none.
  const reported = (s: OptionsClientSpec): boolean => declaredShapes(settings.clients, s.id).length > 0 || holdsAlsoMentions(s, text);
  const filters = optionSpecs.filter((s) => s.filters).map((s) => new FilterTracker(s));
  const streams = streamSpecs.map((s) => new StreamTracker(s));
  const sockets = socketSpecs.map((s) => new SocketTracker(s));
  // The filters first: a handle hook's callback is run with a handle of their own, whose curl_setopt() calls are theirs.
  const specials: Special[] = [ini, ...filters, new ReadTimeoutTracker(['stream_set_timeout', 'socket_set_timeout'], loopFacts(ast, text)), ...curl, ...streams, ...sockets, ...options];
  new Interpreter(ast, new Specials(specials), isRelevant(text)).run();
  const starts = lineStarts(text);
  const ctx = { text, starts, settings, ini };
  return [
    ...curl.flatMap((t) => [...t.handles.values()].flatMap((h) => judgeHandle(h, { spec: t.spec, text, starts, settings }))),
    ...options.flatMap((t) => {
      const found = judgeOptionsClients(t, ctx, olderDefault(t, filePath));
      return found.length && !reported(t.spec) ? [] : found;
    }),
    ...filters.flatMap((t) => judgeFilters(t, { text, totalTimeout: settings.totalTimeout })),
    ...streams.flatMap((t) => judgeStreams(t, ctx)),
    ...sockets.flatMap((t) => judgeSockets(t, ctx)),
  ].map((f) => withIniRisk(f, ini));
}

const INI_BOUND = new Set(php.filter((s) => 'iniBound' in s && s.iniBound !== undefined).map((s) => s.id));

/**
 * A client whose waits php.ini bounds, when the code sets none (the rule's `iniBound`, or a judge that told it of
 * one finding), is not said to wait forever for a silent server; unless the file may set that value negative (or to
 * one the analysis cannot read).
 */
function withIniRisk(f: Finding, ini: IniTracker): Finding {
  if (f.messageId !== 'missingTimeout' && f.messageId !== 'missingTotalTimeout') return f;
  if (ini.mayUnbound()) {
    if (f.data.risk !== INI_BOUND_RISK) return f;
    const { risk: _, ...data } = f.data;
    return { ...f, data };
  }
  return INI_BOUND.has(f.ruleId) && f.data.risk === undefined ? { ...f, data: { ...f.data, risk: INI_BOUND_RISK } } : f;
}

/** The same finding from two inlined copies of a function is one finding. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.range[0]}:${f.messageId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const phpEngine: Engine = {
  language: 'php',
  lint(text, filePath, settings): EngineResult {
    const sliced = settings.wholeFile ? text : sliceForAnalysis(text, sliceWords(settings.clients, text));
    let ast = parsePhp(sliced, filePath);
    // Emptying bodies cannot make valid PHP invalid; the error, if any, is reported as the whole file has it.
    if (isParseFailure(ast) && sliced !== text) ast = parsePhp(text, filePath);
    if (isParseFailure(ast)) return { findings: [], parseError: ast };
    try {
      return { findings: dedupe(lintAst(ast, text, filePath, settings)).sort((a, b) => a.range[0] - b.range[0]) };
    } catch (err) {
      // The walk recurses per nesting level, below its own depth bound on a smaller stack than Node's own (a thread's):
      // said as the parser says it, not a crash of the run.
      if (err instanceof RangeError) return { findings: [], parseError: { message: 'Parsing error: the file is nested too deeply to analyse', line: 1, column: 1 } };
      throw err;
    }
  },
};
