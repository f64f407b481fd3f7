import type { PhpBaseSpec, BoundSpec, Literal, TimeoutOption } from './define-client';

/** Where a call is: a global function, a method of a followed object, a static method, or `new`. Class names are fully qualified, lower-case. */
export type CallShape =
  /** `firstArg`: the call counts only with this string as its first argument (a container's service id). */
  | { fn: string; optionsArg: number | null; firstArg?: string }
  /**
   * A method of a client; among `creates`, of an object the walk follows none in (a service container given as a
   * parameter, inherited in a property, or handed back by a call it cannot see), `firstArg` its service id.
   */
  | { method: string; optionsArg: number | null; firstArg?: string }
  | { static: readonly [string, string]; optionsArg: number | null; firstArg?: string }
  | { new: string; optionsArg: number | null };

/**
 * The options are shared by the requests listed in argument `arg`, each of which may bring its own under `key`
 * (Requests `request_multiple($requests, $options)`): an option every listed request sets is not the shared one.
 */
export interface RequestsOverride {
  arg: number;
  key: string;
}

/** A client configured by an options array: Guzzle, Symfony HttpClient, SoapClient, WordPress, Requests, Laravel. */
export interface OptionsClientSpec extends PhpBaseSpec {
  special: 'options-client';
  /**
   * Calls that make a client; its options are the defaults of its requests. `total`: this client's own reading
   * of the total option, where it differs from the spec's (a transport on which 0 means something else).
   */
  creates: readonly (CallShape & {
    total?: BoundSpec;
    /**
     * The options argument must be an array (anything else is a TypeError): a literal of another type there
     * (`true`, a string, null) means another class of that name, not this client (NuSOAP's `soapclient`).
     */
    arrayOnly?: boolean;
    /**
     * The client sends through this method of its own: a subclass of the file's that declares it and never calls
     * the parent's sends the requests itself (SoapClient::__doRequest()), judged where that code is written. What
     * the client still loads, the URL in argument `urlArg`, is a request only when it is seen to be http(s)://.
     */
    sentBy?: { method: string; urlArg: number };
    /**
     * The call makes a client of its own only when this argument is left out or null; given, the client there is the
     * one it sends through (BrowserKit's `new HttpBrowser($client)`), followed as any value is.
     */
    unlessArg?: number;
    /**
     * The object made is no client of the spec's calls: its `requests` methods take no client options (BrowserKit's
     * `HttpBrowser::request($method, $uri, $parameters)`: the third argument is form parameters).
     */
    requestsTakeNoOptions?: boolean;
    /** The same for a key of an array argument (a collaborator given under `key`); an array it cannot read has it. */
    unlessKey?: { arg: number; key: string };
    /**
     * The argument configures the client, and its requests' options are the array under these keys of it (Yii's
     * `new Client(['requestConfig' => ['options' => [...]]])`), read with the argument's own keys in `keep` beside
     * them (`'transport'`). A fix writes only into an options literal written there.
     */
    optionsPath?: { keys: readonly string[]; keep: readonly string[] };
    /**
     * The options argument must be an object of a class of its own, an array there is a TypeError (Joomla 3's
     * `JHttpFactory::getHttp(Registry $options)`): a fix gives the requests their own timeout (`timeoutArg`) instead.
     */
    noArrayOptions?: boolean;
    /**
     * The options argument takes an array only from this version of the library on (the CMS's own `HttpFactory`:
     * a Registry before Joomla 4): the fix offers the requests' own timeout first, then the array.
     */
    arrayOptionsSince?: string;
    /**
     * The object made is a service container, no client (MediaWikiServices): its methods send nothing, and only
     * `derives` (a service by its getter, or by its name as `firstArg`) give a client.
     */
    container?: boolean;
  })[];
  /** Types of parameters and properties that hold a client made elsewhere, whose options are unknown. */
  injected: readonly string[];
  /**
   * Types of parameters and properties that the framework's object manager fills with a client it makes itself, with
   * no options (Magento's constructor injection): judged as a client made where the type is written.
   */
  containerMade?: readonly string[];
  /**
   * Types of parameters and properties that hold a factory whose `method` makes a fresh client with no options
   * (Magento's generated `CurlFactory::create()`): judged as a client made at that call.
   */
  factories?: readonly { type: string; method: string }[];
  /**
   * Methods of a client that return a client with more options (`withOptions`); `firstArg`: only with this string as
   * the first argument (a container's service name, `get('HttpRequestFactory')`).
   */
  derives: readonly { method: string; optionsArg: number | null; firstArg?: string }[];
  /**
   * Methods of a client that set one option from their first argument (Laravel `timeout()`); `numeric`: declared
   * with a number type, so a null argument throws a TypeError before any request is sent (nothing to report there).
   */
  setters: readonly { method: string; option: string; numeric?: boolean }[];
  /**
   * Methods of a client that set the option their first argument names (by an option's name or `code`) to their
   * second (Httpful `addOnCurlOption(CURLOPT_CONNECTTIMEOUT, 5)`); a key the analysis cannot read counts as set.
   */
  keyedSetters?: readonly string[];
  /**
   * Methods of a client that set the options their first argument, an array, keys as keyedSetters name them
   * (Magento `setOptions([CURLOPT_TIMEOUT => 0])`); an array the analysis cannot read whole counts as set.
   */
  arraySetters?: readonly string[];
  /**
   * Array setters that merge their array into the options set before (HTTP_Request2 `setConfig(array)` sets each key
   * in turn, Yii `addOptions()`): an option the array leaves out keeps its value. Other array setters replace them.
   */
  mergingSetters?: readonly string[];
  /**
   * Each request's options are merged into the client's own, as a merging setter's array, and stay for its later
   * requests (Moodle's curl: apply_opt() gives them to setopt()): a later request has an earlier one's timeout, or 0.
   */
  requestOptionsStay?: boolean;
  /**
   * Methods of a client that give it another client to send through (league/oauth2-client `setHttpClient($c)`): from
   * then on its options count as set, the requests being that client's.
   */
  replacers?: readonly string[];
  /** Calls that make the client in argument `arg` the template of every client the file makes (Httpful `Request::ini()`). */
  templates?: readonly (CallShape & { arg: number })[];
  /** How messages name an option that is not an array key (`timeout` -> `->timeout()`); by default `'timeout'`. */
  labels?: Readonly<Record<string, string>>;
  /**
   * Calls that send a request; `optionsArg` null: the client's options alone. `clientArg`: the request goes
   * through the client given as that argument, not a receiver (Guzzle `new Pool($client, …)`); `optionsKey`: the
   * options are that key of the options argument (`['options' => [...]]`); `requestsArg`: the argument that lists
   * the requests, where a callable sends one of its own and the client sends none for it (Guzzle's Pool calls it
   * and waits on the promise it returns). `timeoutArg`: the total option is that argument itself (Joomla
   * `$http->get($url, $headers, $timeout)`); left out or null, the client's options apply.
   */
  requests: readonly (CallShape & {
    clientArg?: number; optionsKey?: string; requestsArg?: number; overriddenBy?: RequestsOverride; timeoutArg?: number;
    /**
     * The call sends the requests of the client's kind listed in this argument, each with its own options (Yii
     * `batchSend($requests)`); a list the analysis cannot read whole sends requests it cannot see: counted as set.
     */
    listArg?: number;
  })[];
  /**
   * How the client folds the keys of its options before reading them: to one case, with the characters of `drop`
   * dropped (Laminas `setOptions()`: lower case, with `-`, `_`, `.` and spaces dropped: `'Time_Out'` is `'timeout'`),
   * then, where the key does not hold `prefix` anywhere, with `prefix` before it (Moodle's `setopt()`: upper case,
   * `'timeout'` is `'CURLOPT_TIMEOUT'`).
   */
  keyFold?: { case: 'lower' | 'upper'; drop?: string; prefix?: string };
  /** Class constants that name option keys: 'guzzlehttp\\requestoptions::timeout' -> 'timeout'. */
  keyConstants: Readonly<Record<string, string>>;
  /** Keys that look like a timeout but are ignored by this client, with why. */
  ignoredKeys: readonly { key: string; why: string }[];
  /**
   * The library's own connect bound, where the spec reads no connect option (HTTP_Request2's 'connect_timeout' of
   * 10 s): a missing total is then missingTotalTimeout.
   */
  connectDefault?: string;
  /** When only an ini setting bounds the whole request (SoapClient reads), its name. */
  totalFromIni?: string;
  /** An idle bound that also covers connect (Symfony `timeout`): with it set, a missing total is no error. */
  idle?: BoundSpec;
  /**
   * Clients that wrap another, given as argument `clientArg`: their options bound the requests made through
   * them, over the wrapped client's own. `byPattern`: the options argument maps URL patterns to options
   * (Symfony's ScopingHttpClient), and a request gets those of the patterns its URL matches.
   */
  wraps?: readonly (CallShape & { clientArg: number; byPattern?: boolean })[];
  /**
   * Classes whose static methods act on a fresh client (Laravel's `Http` facade); an object of one, such as a
   * parameter of that type, starts a fresh client with each method call (Laravel's `Pool`).
   */
  facades: readonly string[];
  /** Methods whose callback (argument `arg`) is called with such an object as its first parameter (Laravel `Http::pool(fn ($pool) => …)`). */
  callbacks?: readonly { method: string; arg: number }[];
  /**
   * Hooks that change every request's options: `fn(hook, callback)`. `options`: the callback is given the
   * options and returns them; `option`: it returns the total option's value. `known`: what named callbacks return.
   */
  filters?: {
    /** The function that adds a filter; none: the client has no filters of the options, only `handleHooks`. */
    fn?: string;
    hooks: readonly { name: string; returns: 'options' | 'option' }[];
    known: Readonly<Record<string, Literal>>;
    /**
     * Actions given the transport's handle first (WordPress `add_action('http_api_curl', fn ($h) => …)`), run after
     * the request's own options are set: a `never` literal the callback writes with `set` or `setArray` (called with
     * that handle first) for one of `options` (with their unit) turns every request's timeout off. They are added by
     * the functions `fns`, or by `registers.method(hook, callback)` on an object of one of `registers.classes`
     * (Requests `$hooks->register('curl.before_send', $cb)`). `note`: whom the finding says they reach.
     */
    handleHooks?: {
      fns: readonly string[]; hooks: readonly string[]; set: string; setArray: string;
      options: readonly { name: string; unit: 's' | 'ms'; code: number }[]; never: readonly Literal[];
      registers?: { classes: readonly string[]; method: string };
      note: string;
      /** Options that stream the body: a callback that names one gets the fix only as a suggestion. */
      streams?: readonly string[];
    };
  };
  /**
   * A handler stack given under `key` in the options (Guzzle `'handler' => $stack`). Middleware added to it
   * (`add`: the method and the argument that holds the middleware) may set any request option, so a stack
   * holding middleware other than that of the `quiet` classes (Guzzle's own `Middleware::retry()` …) counts as
   * setting the timeouts. `makes`: the calls that make a stack.
   */
  handlerStack?: {
    key: string;
    makes: readonly CallShape[];
    add: readonly { method: string; arg: number }[];
    quiet: readonly string[];
    /** Classes whose objects, pushed as middleware, pass every request's options on unchanged. */
    quietObjects?: readonly string[];
  };
  /** Unknown methods of the client return the client itself (fluent builders). */
  fluent: boolean;
  /** Creating a client is sending requests, even with none in sight (SoapClient). */
  createIsRequest: boolean;
  /** An option that makes a request not wait for its answer (WordPress `'blocking' => false`). */
  nonBlocking?: { key: string; value: Literal };
  /**
   * An option that, when true, sends the request through a handler that reads no connect option, its total
   * bounding the connect as well (Guzzle `'stream' => true`), unless the options name their own handler (`unless`).
   */
  connectUnreadWith?: { key: string; unless: string };
  /**
   * An option holding curl options that the transport sets after the client's own (Laminas `'curloptions'`, Joomla
   * `'transport.curl'`): given anywhere with a key of `options` (CURLOPT_TIMEOUT, CURLOPT_TIMEOUT_MS, by their
   * codes), or as an array the analysis cannot read whole, it decides the total, whatever the client's own total
   * option says: a 0 there turns it off.
   */
  curlOptions?: { key: string; options: readonly (TimeoutOption & { code: number })[] };
  /**
   * The total's "never" values hold only where option `key` names one of `values` (lower-case class names: Laminas's
   * Curl adapter), as a string, a class constant, a config array's `'class'`, or an object made in the file;
   * elsewhere they count as set.
   */
  /**
   * Classes of an options object that may stand for the options array (Joomla's `Registry`): one made in code with
   * its data in argument `arg` and keys set with `set`, read like the array of those keys; one that escapes, or
   * gets a call other than `set` or `reads` (or a key with `separator`, a path the object reads its own way), may
   * hold anything and counts as set. One made elsewhere counts as set.
   */
  optionsObjects?: { classes: readonly string[]; arg: number; set: string; reads: readonly string[]; separator: string };
  totalNeverWith?: {
    key: string; values: readonly string[];
    /**
     * A missing total, too, is owed a finding only there: elsewhere the library's default transport bounds the
     * request with a finite default of its own (Yii's StreamTransport and HTTP_Request2's Socket adapter read
     * default_socket_timeout).
     */
    missingToo?: boolean;
    /** A negative value means "never" on every transport (Yii's StreamTransport gives it to the http context). */
    negativeEverywhere?: boolean;
    /**
     * The transport used where the options name none is one of `values` (CakePHP 4 and later pick its Curl adapter):
     * the "never" values hold there too, and only a transport named in the options that is not one of them reads
     * them otherwise.
     */
    byDefault?: boolean;
    /**
     * An object of one of `values` given as `key` (`'adapter' => new Curl()`) counts as its class while the only calls
     * made on it are `method` with argument `arg` a constant named `prefix…` other than `except` (Laminas
     * `setCurlOption(CURLOPT_USERPWD, …)`); another call, or code the analysis cannot see, may set the total.
     */
    objectCalls?: { method: string; arg: number; prefix: string; except: readonly string[] };
    /**
     * Transports (by class, and the default one where `byDefault`) on which a request with no total is bounded only
     * by php.ini's default_socket_timeout for each wait: a finding for a missing total sent through one the options
     * name says so (INI_BOUND_RISK), where one that may be another says a silent server holds it forever.
     */
    iniBoundWith?: { values: readonly string[]; byDefault: boolean };
  };
  /**
   * Transports that read the keys of the options their own way, told apart by the class option `key` names (read as
   * `totalNeverWith` reads it; `byDefault`: the one used where none is named). On one, a string key folded by `fold`
   * (`upper`: ASCII upper case; `underscore`: an `_` before each capital that follows a letter, then lower case), with
   * `prefix` before it, is the total option of that name among `options`, and an integer key the one of that code;
   * another key is none. In each options array, an option takes the value of the last key naming it, and the option
   * named first is set first, so the one whose first key comes last wins (one timeout, set in turn). Where the
   * analysis cannot tell the transport, a key bounds the request if any of them reads it so. `label` names the
   * transport in a message saying it reads no such key; the fix then adds no total option beside that key.
   */
  transportKeys?: {
    key: string;
    transports: readonly {
      values: readonly string[]; byDefault?: boolean; label: string; fold: 'upper' | 'underscore'; prefix: string;
      options: readonly TimeoutOption[];
    }[];
  };
  /**
   * insertOption: `entry` per missing option, in the options array. appendCall: calls chained on the call that
   * makes the client (Httpful `Request::get($u)->timeout(30)`), `{{value}}` in the option's unit.
   */
  fix:
    | {
      kind: 'insertOption'; entry: string; level: 'fix' | 'suggestion';
      /**
       * A fluent client's call that takes options, `{{entries}}` the entries: chained before the method of a request
       * whose chain gives no options array to write into (`Http::get($u)` -> `Http::withOptions([…])->get($u)`).
       */
      chain?: string;
    }
    | {
      kind: 'appendCall'; total: string; connect?: string; level: 'fix' | 'suggestion';
      /**
       * The total goes as `entry` into the array literal given to the last of these methods (an array setter) before
       * the requests, where the code calls one, rather than in a call of its own.
       */
      into?: { methods: readonly string[]; entry: string };
    }
    | {
      /**
       * `statement` per missing bound, after the statement that makes the client and stores it (`$c = new curl();`),
       * `{{client}}` naming where it is stored: for a client whose setters return nothing to chain on. `into` as for
       * appendCall: the total goes into the array an array setter is given, where the code calls one.
       */
      kind: 'statementAfter'; total: string; connect?: string; level: 'fix' | 'suggestion';
      into?: { methods: readonly string[]; entry: string };
    };
}

/** Filesystem functions that open a URL through PHP's stream wrappers. */
export interface StreamSpec extends PhpBaseSpec {
  special: 'stream-url';
  /** `fill`: what to write for the optional arguments between the URL and the context, from the one after the URL on. */
  /** `urlOnly`: the function opens nothing but URLs, so a URL the analysis cannot see is remote too. */
  calls: readonly { fn: string; url: number; context: number | null; fill: readonly string[]; urlOnly?: true }[];
  /** Functions and methods that read a URL and take their context from libxml_set_streams_context(). */
  libxmlFunctions: readonly string[];
  libxmlMethods: readonly { cls: string; method: string; url: number }[];
  /** Classes whose constructor reads its `url` argument through libxml when the `isUrl` argument is true. */
  libxmlConstructors: readonly { new: string; url: number; isUrl: number }[];
  /** Classes whose constructor opens its `url` argument as fopen() does, with `context` and `fill` as in `calls`. */
  constructors: readonly { new: string; url: number; context: number; fill: readonly string[] }[];
  /** Functions that call a `callback` on the elements of the arrays that follow it, one array an argument. */
  mappers: readonly { fn: string; callback: number }[];
  /**
   * Functions that call a `callback` once, with the arguments that follow it or (`argsArray`) with the elements
   * of the array that follows it: `call_user_func('file_get_contents', $url)`.
   */
  invokers: readonly { fn: string; callback: number; argsArray?: true }[];
  remoteSchemes: readonly string[];
  /** Schemes whose wrapper ignores context timeouts: only the ini setting applies. */
  iniOnlySchemes: readonly string[];
  /** Functions of `calls` that open the URL with no context at all, not even the default one: only the ini setting applies. */
  iniOnlyCalls: readonly string[];
  /**
   * Wrappers that open the URL written after `prefix` (after `inner` in it, when given: `php://filter/…/resource=`),
   * handing it the stream context or (`context: false`) not, so that only the ini setting applies.
   */
  innerUrls: readonly { prefix: string; inner?: string; context: boolean }[];
  /** The context key that holds http and https options, and the keys people mistake for it. */
  contextKey: string;
  wrongContextKeys: readonly string[];
  fix: { kind: 'streamContext'; context: string; entry: string; level: 'fix' | 'suggestion' };
}

/** Socket openers whose timeout argument bounds the connect; reads are bounded by stream_set_timeout. */
export interface SocketSpec extends PhpBaseSpec {
  special: 'socket-open';
  /** `fill`: what to write for missing arguments from argument 1 up to the timeout. */
  calls: readonly { fn: string; timeoutArg: number; fill: readonly string[] }[];
  fix: { kind: 'socketTimeout'; readTimeout: string; level: 'fix' | 'suggestion' };
}

export type PhpSpecialSpec = OptionsClientSpec | StreamSpec | SocketSpec;
