import { defineClient } from '../../src/catalogue/define-client';

const noContext = { context: null, fill: [] } as const;

export default defineClient({
  id: 'php/stream',
  language: 'php',
  client: 'PHP stream',
  summary: 'file_get_contents, fopen and other file functions reading http://, https:// and ftp:// URLs',
  special: 'stream-url',
  // Only a URL the analysis can see is remote, or one read through a context with http options, is reported:
  // the file must spell a scheme or create a context, and name a reader. get_headers() reads URLs only.
  mentions: ['http://', 'https://', 'ftp://', 'ftps://', 'stream_context_create', 'get_headers('],
  alsoMentions: [
    'file_get_contents', 'fopen(', 'file(', 'readfile(', 'copy(', 'get_headers', 'getimagesize', 'md5_file', 'sha1_file',
    'hash_file', 'exif_read_data', 'imagecreatefrom', 'simplexml_load_file', 'DOMDocument', 'XMLReader',
    'SimpleXMLElement', 'SimpleXMLIterator', 'SplFileObject', 'get_meta_tags', 'exif_imagetype', 'exif_thumbnail',
    'mime_content_type', 'finfo_file', 'file_get_html', 'gzfile', 'readgzfile', 'gzopen',
  ],
  calls: [
    { fn: 'file_get_contents', url: 0, context: 2, fill: ['false'] },
    // simple_html_dom (1.5 to 1.9.1): file_get_html($url, $use_include_path = false, $context = null, …) is
    // file_get_contents($url, $use_include_path, $context, $offset, $maxLen). The global function only, and not where
    // the file declares its own.
    { fn: 'file_get_html', url: 0, context: 2, fill: ['false'] },
    { fn: 'fopen', url: 0, context: 3, fill: ['', 'false'] },
    { fn: 'file', url: 0, context: 2, fill: ['0'] },
    { fn: 'readfile', url: 0, context: 2, fill: ['false'] },
    { fn: 'copy', url: 0, context: 2, fill: [''] },
    // php-src: get_headers() opens its argument with STREAM_USE_URL, so a local path fails: it is always remote.
    { fn: 'get_headers', url: 0, context: 2, fill: ['false'], urlOnly: true },
    { fn: 'getimagesize', url: 0, ...noContext },
    { fn: 'md5_file', url: 0, ...noContext }, { fn: 'sha1_file', url: 0, ...noContext },
    { fn: 'hash_file', url: 1, ...noContext },
    { fn: 'exif_read_data', url: 0, ...noContext }, { fn: 'exif_imagetype', url: 0, ...noContext },
    { fn: 'exif_thumbnail', url: 0, ...noContext },
    { fn: 'imagecreatefromjpeg', url: 0, ...noContext }, { fn: 'imagecreatefrompng', url: 0, ...noContext },
    { fn: 'imagecreatefromgif', url: 0, ...noContext }, { fn: 'imagecreatefromwebp', url: 0, ...noContext },
    { fn: 'imagecreatefrombmp', url: 0, ...noContext }, { fn: 'imagecreatefromavif', url: 0, ...noContext },
    { fn: 'imagecreatefromxbm', url: 0, ...noContext }, { fn: 'imagecreatefromwbmp', url: 0, ...noContext },
    { fn: 'imagecreatefromtga', url: 0, ...noContext }, { fn: 'imagecreatefromgd', url: 0, ...noContext },
    { fn: 'imagecreatefromgd2', url: 0, ...noContext }, { fn: 'imagecreatefromgd2part', url: 0, ...noContext },
    { fn: 'get_meta_tags', url: 0, ...noContext },
    { fn: 'gzfile', url: 0, ...noContext }, { fn: 'readgzfile', url: 0, ...noContext }, { fn: 'gzopen', url: 0, ...noContext },
    { fn: 'mime_content_type', url: 0, ...noContext },
    // php.net finfo_file($finfo, $filename, $flags = FILEINFO_NONE, $context = null).
    { fn: 'finfo_file', url: 1, context: 3, fill: ['FILEINFO_NONE'] },
    { fn: 'simplexml_load_file', url: 0, ...noContext },
  ],
  // php-src opens these with php_stream_open_wrapper(…, NULL): no context, not even the default one, so
  // stream_context_set_default() never reaches them; only default_socket_timeout does ([EXP] PHP 8.2: with the default
  // context at 1 s and the ini value at 3 s, each waited 3.0 s on a silent server; file(), copy(), hash_file(),
  // mime_content_type(), finfo_file() and the libxml loaders stopped at 1.0 s).
  iniOnlyCalls: [
    'getimagesize', 'md5_file', 'sha1_file', 'exif_read_data', 'exif_imagetype', 'exif_thumbnail', 'imagecreatefromjpeg',
    'imagecreatefrompng', 'imagecreatefromgif', 'imagecreatefromwebp', 'imagecreatefrombmp', 'imagecreatefromavif',
    'imagecreatefromxbm', 'imagecreatefromwbmp', 'imagecreatefromtga', 'imagecreatefromgd', 'imagecreatefromgd2',
    'imagecreatefromgd2part', 'get_meta_tags', 'gzfile', 'readgzfile', 'gzopen',
  ],
  // libxml loaders take their context from libxml_set_streams_context() (http-clients.md).
  libxmlFunctions: ['simplexml_load_file'],
  libxmlMethods: [
    { cls: 'domdocument', method: 'load', url: 0 }, { cls: 'domdocument', method: 'loadhtmlfile', url: 0 },
    { cls: 'xmlreader', method: 'open', url: 0 },
  ],
  // php.net SimpleXMLElement::__construct: with dataIsURL true, data is a path or URL read as simplexml_load_file() reads it.
  libxmlConstructors: [{ new: 'simplexmlelement', url: 0, isUrl: 2 }, { new: 'simplexmliterator', url: 0, isUrl: 2 }],
  // php.net SplFileObject::__construct($filename, $mode = 'r', $useIncludePath = false, $context = null) opens
  // the file as fopen() does: a URL goes through the wrapper, with the default context when none is given.
  constructors: [{ new: 'splfileobject', url: 0, context: 3, fill: ["'r'", 'false'] }],
  // array_map('file_get_contents', $urls) calls the reader on each URL, its arguments from the arrays in order.
  mappers: [{ fn: 'array_map', callback: 0 }],
  // php.net call_user_func / call_user_func_array: the callback is called with the arguments given, as a call would be.
  invokers: [{ fn: 'call_user_func', callback: 0 }, { fn: 'call_user_func_array', callback: 0, argsArray: true }],
  remoteSchemes: ['http://', 'https://', 'ftp://', 'ftps://'],
  // ftp:// ignores context timeouts; only default_socket_timeout applies (http-clients.md [EXP]).
  iniOnlySchemes: ['ftp://', 'ftps://'],
  // compress.zlib:// opens the URL it wraps with the context (php-src ext/zlib/zlib_fopen_wrapper.c; [EXP] PHP 8.2:
  // 'timeout' => 1, passed or default, stopped a silent server at 1.0 s); compress.bzip2:// and php://filter with
  // none (ext/bz2/bz2.c, ext/standard/php_fopen_wrapper.c; [EXP] php://filter: only default_socket_timeout did).
  innerUrls: [
    { prefix: 'compress.zlib://', context: true }, { prefix: 'compress.bzip2://', context: false }, { prefix: 'php://filter/', inner: '/resource=', context: false },
  ],
  // The context key for https:// URLs is still 'http'; 'https' is ignored without a word ([EXP]), and the ssl
  // context has no timeout option (php.net context.ssl).
  contextKey: 'http',
  wrongContextKeys: ['https', 'ssl'],
  total: {
    // The context timeout bounds connect and each read (idle), not the whole transfer.
    options: [{ name: 'timeout', unit: 's' }],
    // php.net context.http: a negative timeout means none; 0 fails at once rather than waiting ([EXP]).
    never: [],
    unset: [],
    negative: 'never',
  },
  connect: null,
  // default_socket_timeout (60 s) is a php.ini default, which does not count (contract).
  libraryDefault: null,
  // With no timeout in the code, each wait for data ends after php.ini's default_socket_timeout (messages say so).
  iniBound: 'default_socket_timeout',
  fix: {
    kind: 'streamContext',
    context: "stream_context_create(['{{key}}' => ['timeout' => {{value}}]])",
    entry: "'timeout' => {{value}}",
    level: 'fix',
  },
});
