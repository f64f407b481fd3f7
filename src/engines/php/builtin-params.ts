import type { PhpNode } from './parse';

// Parameter names of the PHP functions the specials read, so named arguments land in their positions.
// From ReflectionFunction on PHP 8.2 (names as of PHP 8.0, when named arguments came in).
const PARAMS: Readonly<Record<string, readonly string[]>> = {
  fsockopen: ['hostname', 'port', 'error_code', 'error_message', 'timeout'],
  pfsockopen: ['hostname', 'port', 'error_code', 'error_message', 'timeout'],
  stream_socket_client: ['address', 'error_code', 'error_message', 'timeout', 'flags', 'context'],
  stream_set_timeout: ['stream', 'seconds', 'microseconds'],
  stream_select: ['read', 'write', 'except', 'seconds', 'microseconds'],
  stream_set_blocking: ['stream', 'enable'],
  socket_set_blocking: ['stream', 'enable'],
  socket_set_timeout: ['stream', 'seconds', 'microseconds'],
  file_get_contents: ['filename', 'use_include_path', 'context', 'offset', 'length'],
  // simple_html_dom: file_get_html($url, $use_include_path, $context, $offset, $maxLen, $lowercase, $forceTagsClosed,
  // $target_charset, $stripRN, $defaultBRText, $defaultSpanText).
  file_get_html: ['url', 'use_include_path', 'context', 'offset', 'maxLen', 'lowercase', 'forceTagsClosed', 'target_charset', 'stripRN', 'defaultBRText', 'defaultSpanText'],
  fopen: ['filename', 'mode', 'use_include_path', 'context'],
  file: ['filename', 'flags', 'context'],
  readfile: ['filename', 'use_include_path', 'context'],
  copy: ['from', 'to', 'context'],
  get_headers: ['url', 'associative', 'context'],
  getimagesize: ['filename', 'image_info'],
  md5_file: ['filename', 'binary'],
  sha1_file: ['filename', 'binary'],
  hash_file: ['algo', 'filename', 'binary', 'options'],
  exif_read_data: ['file', 'required_sections', 'as_arrays', 'read_thumbnail'],
  imagecreatefromjpeg: ['filename'],
  imagecreatefrompng: ['filename'],
  imagecreatefromgif: ['filename'],
  imagecreatefromwebp: ['filename'],
  imagecreatefrombmp: ['filename'],
  imagecreatefromavif: ['filename'],
  imagecreatefromxbm: ['filename'],
  imagecreatefromwbmp: ['filename'],
  imagecreatefromtga: ['filename'],
  imagecreatefromgd: ['filename'],
  imagecreatefromgd2: ['filename'],
  imagecreatefromgd2part: ['filename', 'x', 'y', 'width', 'height'],
  exif_imagetype: ['filename'],
  exif_thumbnail: ['file', 'width', 'height', 'image_type'],
  get_meta_tags: ['filename', 'use_include_path'],
  gzfile: ['filename', 'use_include_path'],
  readgzfile: ['filename', 'use_include_path'],
  gzopen: ['filename', 'mode', 'use_include_path'],
  mime_content_type: ['filename'],
  finfo_file: ['finfo', 'filename', 'flags', 'context'],
  simplexml_load_file: ['filename', 'class_name', 'options', 'namespace_or_prefix', 'is_prefix'],
  stream_context_create: ['options', 'params'],
  stream_context_set_option: ['context', 'wrapper_or_options', 'option_name', 'value'],
  stream_context_set_default: ['options'],
  stream_context_get_default: ['options'],
  stream_context_set_options: ['context', 'options'],
  stream_context_set_params: ['context', 'params'],
  libxml_set_streams_context: ['context'],
  ini_set: ['option', 'value'],
  array_map: ['callback', 'array', 'arrays'],
  curl_init: ['url'],
  curl_setopt: ['handle', 'option', 'value'],
  curl_setopt_array: ['handle', 'options'],
  curl_exec: ['handle'],
  curl_copy_handle: ['handle'],
  curl_reset: ['handle'],
  curl_multi_add_handle: ['multi_handle', 'handle'],
  // String functions a URL may pass through (strings.ts).
  sprintf: ['format', 'values'],
  vsprintf: ['format', 'values'],
  str_replace: ['search', 'replace', 'subject', 'count'],
  str_ireplace: ['search', 'replace', 'subject', 'count'],
  strtr: ['string', 'from', 'to'],
  implode: ['separator', 'array'],
  join: ['separator', 'array'],
  rtrim: ['string', 'characters'],
  chop: ['string', 'characters'],
  ltrim: ['string', 'characters'],
  trim: ['string', 'characters'],
  strtolower: ['string'],
  strtoupper: ['string'],
  strval: ['value'],
  urldecode: ['string'],
  rawurldecode: ['string'],
  html_entity_decode: ['string', 'flags', 'encoding'],
  htmlspecialchars_decode: ['string', 'flags'],
  filter_var: ['value', 'filter', 'options'],
};

// Constructors of built-in classes a client spec creates, by lower-case class name.
const CONSTRUCTOR_PARAMS: Readonly<Record<string, readonly string[]>> = {
  soapclient: ['wsdl', 'options'],
  simplexmlelement: ['data', 'options', 'dataIsURL', 'namespaceOrPrefix', 'isPrefix'],
  simplexmliterator: ['data', 'options', 'dataIsURL', 'namespaceOrPrefix', 'isPrefix'],
  splfileobject: ['filename', 'mode', 'useIncludePath', 'context'],
};

/** The constructor parameter names of a built-in class the analysis knows, lower-case name. */
export function builtinConstructorParams(cls: string): readonly string[] | undefined {
  return CONSTRUCTOR_PARAMS[cls];
}

/** The parameter names of a global PHP function the analysis knows, lower-case name. */
export function builtinParams(fn: string): readonly string[] | undefined {
  return PARAMS[fn];
}

/** The call passes at least one argument by name (`f(timeout: 5)`). */
export function usesNamedArguments(call: PhpNode): boolean {
  return ((call.arguments as PhpNode[] | undefined) ?? []).some((a) => a.kind === 'namedargument');
}

// The PHP functions that take an argument by reference, and at which positions (`n+`: that one and every later
// one). From ReflectionParameter::isPassedByReference() on PHP 8.2 with the core, standard, pcre, curl, intl,
// mbstring, openssl, sockets, sodium, pcntl, mysqli and sysvmsg extensions.
const BY_REFERENCE = new Map(
  `array_multisort:0,1+ array_pop:0 array_push:0 array_shift:0 array_splice:0 array_unshift:0 array_walk:0
  array_walk_recursive:0 arsort:0 asort:0 collator_asort:1 collator_sort:1 collator_sort_with_sort_keys:1
  curl_multi_exec:1 curl_multi_info_read:1 datefmt_localtime:2 datefmt_parse:2 dns_get_mx:1,2 dns_get_record:2,3 end:0
  exec:1,2 exif_thumbnail:1,2,3 extract:0 flock:2 fscanf:2+ fsockopen:2,3 ftp_alloc:2 getimagesize:1
  getimagesizefromstring:1 getmxrr:1,2 getopt:2 grapheme_extract:4 headers_sent:0,1 idn_to_ascii:3 idn_to_utf8:3
  intltz_get_canonical_id:1 intltz_get_offset:3,4 is_callable:2 krsort:0 ksort:0 mb_convert_variables:2,3+ mb_ereg:2
  mb_eregi:2 mb_parse_str:1 msg_receive:2,4,7 msg_send:5 mysqli_poll:0,1,2 mysqli_stmt_bind_param:2+
  mysqli_stmt_bind_result:1+ natcasesort:0 natsort:0 next:0 numfmt_parse:3 numfmt_parse_currency:2,3 openssl_cms_read:1
  openssl_csr_export:1 openssl_csr_new:1 openssl_encrypt:5 openssl_open:1 openssl_pkcs12_export:1 openssl_pkcs12_read:1
  openssl_pkcs7_read:1 openssl_pkey_export:1 openssl_private_decrypt:1 openssl_private_encrypt:1
  openssl_public_decrypt:1 openssl_public_encrypt:1 openssl_random_pseudo_bytes:1 openssl_seal:1,2,5 openssl_sign:1
  openssl_x509_export:1 parse_str:1 passthru:1 pcntl_sigprocmask:2 pcntl_sigtimedwait:1 pcntl_sigwaitinfo:1
  pcntl_wait:0,2 pcntl_waitpid:1,3 pfsockopen:2,3 preg_filter:4 preg_match:2 preg_match_all:2 preg_replace:4
  preg_replace_callback:4 preg_replace_callback_array:3 prev:0 proc_open:2 reset:0 rsort:0 settype:0 shuffle:0
  similar_text:2 socket_create_pair:3 socket_getpeername:1,2 socket_getsockname:1,2 socket_recv:1 socket_recvfrom:1,4,5
  socket_recvmsg:1 socket_select:0,1,2 sodium_add:0 sodium_crypto_generichash_final:0
  sodium_crypto_generichash_update:0 sodium_crypto_secretstream_xchacha20poly1305_pull:0
  sodium_crypto_secretstream_xchacha20poly1305_push:0 sodium_crypto_secretstream_xchacha20poly1305_rekey:0
  sodium_increment:0 sodium_memzero:0 sort:0 sscanf:2+ str_ireplace:3 str_replace:3 stream_select:0,1,2
  stream_socket_accept:2 stream_socket_client:1,2 stream_socket_recvfrom:3 stream_socket_server:1,2 system:1 uasort:0
  uksort:0 usort:0`
    .split(/\s+/)
    .map((entry) => entry.split(':') as [string, string])
    .map(([name, at]) => [name, at.split(',')]),
);

/**
 * Whether the PHP function `fn` (lower-case name) takes its argument at `at` (a position, or a name given with
 * `name:`) by reference; a name is answered for the functions that take any argument so.
 */
export function builtinTakesReference(fn: string, at: number | string): boolean {
  const positions = BY_REFERENCE.get(fn);
  if (!positions) return false;
  if (typeof at === 'string') return true;
  return positions.some((p) => (p.endsWith('+') ? at >= Number(p.slice(0, -1)) : at === Number(p)));
}
