import { defineClient } from '../../src/catalogue/define-client';
import { requestOptions } from './guzzle';

const send = (method: string, optionsArg: number | null) => ({ method, optionsArg });
const drupal = (method: string, firstArg?: string) => ({ static: ['drupal', method] as const, optionsArg: null, ...(firstArg && { firstArg }) });
const container = (firstArg: string) => ({ method: 'get', optionsArg: null, firstArg });

export default defineClient({
  id: 'php/drupal-http',
  language: 'php',
  client: 'Drupal http_client',
  summary: "Drupal's Guzzle client (\\Drupal::httpClient(), http_client_factory): only a timeout set to 0 is owed a finding",
  special: 'options-client',
  // `\Drupal::service('http_client')`: the call's own name is the word; a container's `get('http_client')` has only
  // the service id (a string; it is in `http_client_factory` too). Not `Drupal`, nor the injected
  // Drupal\Core\Http\ClientFactory: every Drupal module would then pass the prefilter and, in a namespace under
  // Drupal\, be parsed whole.
  mentions: ['Drupal::httpClient', 'Drupal::service', 'http_client'],
  // Symfony's container has an `http_client` service too, whose 'timeout' => 0 fails at once (no "never"): a
  // container's service is Drupal's only in a file that names Drupal (its namespace, a `use`, `\Drupal::`), as
  // every other form here does.
  alsoMentions: ['Drupal'],
  // core.services.yml: the http_client service is http_client_factory's fromOptions(), with no options.
  // \Drupal::httpClient() is `static::getContainer()->get('http_client')` (core/lib/Drupal.php), and modules take services from the
  // container given to their create(ContainerInterface $container) or held by a test's $this->container: a
  // `get()` of those ids on any object the analysis does not follow is the service. Its type is no help (Drupal's
  // create() and Symfony's code both type it Symfony's ContainerInterface; a test's property is inherited), and
  // another object's get() of these ids in a Drupal file hands back no client a request is sent through.
  creates: [
    drupal('httpclient'), drupal('service', 'http_client'), drupal('service', 'http_client_factory'),
    container('http_client'), container('http_client_factory'),
  ],
  injected: [],
  // ClientFactory::fromOptions($config): Guzzle's options over Drupal's defaults (NestedArray::mergeDeep).
  derives: [{ method: 'fromoptions', optionsArg: 0 }],
  setters: [],
  // The client is a GuzzleHttp\Client: its request methods and their options argument.
  requests: [
    send('request', 2), send('requestasync', 2), send('send', 1), send('sendasync', 1), send('sendrequest', null),
    ...['get', 'head', 'delete', 'options', 'post', 'put', 'patch'].flatMap((m) => [send(m, 1), send(`${m}async`, 1)]),
  ],
  keyConstants: requestOptions,
  ignoredKeys: [],
  facades: [],
  fluent: false,
  createIsRequest: false,
  // Guzzle request-options.rst: 'timeout' 0 waits forever, and per-request options win over the client's.
  // Guzzle's: the whole request, connecting included.
  total: { options: [{ name: 'timeout', unit: 's' }], never: [0, null, false], unset: [], coversConnect: true },
  // 'connect_timeout' 0 is libcurl's 300 s, within the total bound Drupal sets.
  connect: { options: [{ name: 'connect_timeout', unit: 's' }], never: [], unset: [0, null, false] },
  // drupal/drupal core/lib/Drupal/Core/Http/ClientFactory.php fromOptions(): $default_config 'timeout' => 30,
  // merged under settings.php's http_client_config and the options given.
  libraryDefault: { total: '30 s (ClientFactory::fromOptions(), unless settings.php http_client_config changes it)' },
  fix: { kind: 'insertOption', entry: "'{{option}}' => {{value}}", level: 'fix' },
});
