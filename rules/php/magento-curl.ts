import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';
import { CURL_CONNECT } from './curl';

const send = (method: string) => ({ method, optionsArg: null });

export default defineClient({
  id: 'php/magento-curl',
  language: 'php',
  client: 'Magento Curl',
  summary: "Magento\\Framework\\HTTP\\Client\\Curl, injected: only a timeout set to 0 is owed a finding",
  special: 'options-client',
  // `use Magento\Framework\HTTP\Client\Curl;` and the constructor's `Curl $curl`: the class is only ever injected.
  mentions: ['HTTP\\Client\\Curl'],
  creates: [{ new: 'magento\\framework\\http\\client\\curl', optionsArg: null }],
  injected: ['magento\\framework\\http\\client\\curl'],
  derives: [],
  // Curl::setTimeout($value): the $_timeout makeRequest() sends as CURLOPT_TIMEOUT, only when it is not 0.
  setters: [{ method: 'settimeout', option: 'timeout' }],
  // Curl::setOption($name, $value): the user options, set on the handle after CURLOPT_TIMEOUT, so they win.
  keyedSetters: ['setoption'],
  // Curl::setOptions($arr): the user options, all at once.
  arraySetters: ['setoptions'],
  requests: [send('get'), send('post')],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  labels: {
    timeout: '->setTimeout()',
    CURLOPT_TIMEOUT: '->setOption(CURLOPT_TIMEOUT, …)',
    CURLOPT_TIMEOUT_MS: '->setOption(CURLOPT_TIMEOUT_MS, …)',
    CURLOPT_CONNECTTIMEOUT: '->setOption(CURLOPT_CONNECTTIMEOUT, …)',
  },
  // 0 (or false) leaves CURLOPT_TIMEOUT unset or sets libcurl's "never": the transfer waits forever.
  total: {
    options: [
      { name: 'timeout', unit: 's' },
      ...CURL_TOTAL,
    ],
    never: [0, false, null],
    unset: [],
    coversConnect: true,
  },
  connect: CURL_CONNECT,
  // lib/internal/Magento/Framework/HTTP/Client/Curl.php: protected $_timeout = 300, sent as CURLOPT_TIMEOUT.
  libraryDefault: { total: '300 s (Curl::$_timeout)' },
  // Only a written 0 is owed a finding: the fix replaces it.
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
