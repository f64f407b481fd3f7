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
