import { CURL_TOTAL, defineClient } from '../../src/catalogue/define-client';
import { CURL_CONNECT } from './curl';

const adapter = 'magento\\framework\\http\\adapter\\curl';

export default defineClient({
  id: 'php/magento-curl-adapter',
  language: 'php',
  client: 'Magento Curl adapter',
  summary: "Magento\\Framework\\HTTP\\Adapter\\Curl (new, injected, or CurlFactory->create()): no timeout unless setConfig() gives one",
  special: 'options-client',
  // `use Magento\Framework\HTTP\Adapter\Curl;` or `…\Adapter\CurlFactory;`, or the class written in full.
  mentions: ['HTTP\\Adapter\\Curl'],
  creates: [{ new: adapter, optionsArg: null }],
  // The object manager fills a constructor's `Curl $curl` with an adapter it makes, with no config of its own.
  containerMade: [adapter],
  // The generated CurlFactory::create() asks the object manager for a new adapter, again with no config.
  factories: [{ type: `${adapter}factory`, method: 'create' }],
  // A method's parameter typed Curl holds the caller's adapter, configured there or not.
  injected: [adapter],
  derives: [],
  setters: [],
  // Adapter/Curl.php: addOption($option, $value) sets one CURLOPT_* code; setConfig() and setOptions() take arrays,
  // whose 'timeout' is CURLOPT_TIMEOUT ($_allowedParams) and whose CURLOPT_* codes are set as given.
  keyedSetters: ['addoption'],
  arraySetters: ['setconfig', 'setoptions'],
  // setConfig() sets each key in turn (2.2 on; 2.0 replaced the config). setOptions() replaced the curl options
  // before 2.4, which merges it into the config too: read as replacing, a key it leaves out counts as set.
  mergingSetters: ['setconfig'],
  // write() applies the config and options to the handle, then read() runs curl_exec(); multiRequest($urls,
  // $options) gives each handle $options, the config's 'timeout' where they set no CURLOPT_TIMEOUT.
  requests: [{ method: 'write', optionsArg: null }, { method: 'multirequest', optionsArg: 1 }],
  keyConstants: {},
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  labels: {
    timeout: "->setConfig(['timeout' => …])",
    CURLOPT_TIMEOUT: '->addOption(CURLOPT_TIMEOUT, …)',
    CURLOPT_TIMEOUT_MS: '->addOption(CURLOPT_TIMEOUT_MS, …)',
    CURLOPT_CONNECTTIMEOUT: '->addOption(CURLOPT_CONNECTTIMEOUT, …)',
  },
  // curl_setopt(CURLOPT_TIMEOUT, 0) (null, false, a fraction: cast to an integer) is libcurl's "never"; libcurl
  // refuses a negative value, and the previous one stays.
  total: {
    options: [{ name: 'timeout', unit: 's' }, ...CURL_TOTAL],
    never: [0, false, null],
    unset: [],
    negative: 'ignored',
    integerValues: true,
    coversConnect: true,
  },
  connect: CURL_CONNECT,
  // $_config holds protocols, verifypeer and verifyhost only: no CURLOPT_TIMEOUT is set, and libcurl waits forever.
  libraryDefault: null,
  // setConfig() and addOption() return the adapter, so they chain on the call that makes it.
  fix: {
    kind: 'appendCall',
    total: "->setConfig(['timeout' => {{value}}])",
    connect: '->addOption(CURLOPT_CONNECTTIMEOUT, {{value}})',
    into: { methods: ['setconfig'], entry: "'timeout' => {{value}}" },
    level: 'fix',
  },
});
