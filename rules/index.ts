// The catalogue: every file under rules/<language>/ that defines a client. test/catalogue.test.ts
// checks that this list and the files on disk agree; `npm run new-client` adds to it.
import type { ClientSpec } from '../src/catalogue/define-client';
import jsAngularHttp from './js/angular-http';
import jsApolloClient from './js/apollo-client';
import jsApolloHttpLink from './js/apollo-http-link';
import jsAxios from './js/axios';
import jsElectronNet from './js/electron-net';
import jsFetch from './js/fetch';
import jsGot from './js/got';
import jsGraphqlRequest from './js/graphql-request';
import jsHttpProxy from './js/http-proxy';
import jsKy from './js/ky';
import jsJquery from './js/jquery';
import jsMakeFetchHappen from './js/make-fetch-happen';
import jsNeedle from './js/needle';
import jsNestjsHttp from './js/nestjs-http';
import jsNodeHttp from './js/node-http';
import jsNodeHttp2 from './js/node-http2';
import jsNuxtFetch from './js/nuxt-fetch';
import jsOctokit from './js/octokit';
import jsOfetch from './js/ofetch';
import jsOhmyfetch from './js/ohmyfetch';
import jsOpenapiFetch from './js/openapi-fetch';
import jsRedaxios from './js/redaxios';
import jsRequest from './js/request';
import jsRtkQuery from './js/rtk-query';
import jsSlackWebhook from './js/slack-webhook';
import jsSuperagent from './js/superagent';
import jsTauriHttp from './js/tauri-http';
import jsTeenyRequest from './js/teeny-request';
import jsTrpcLink from './js/trpc-link';
import jsUndici from './js/undici';
import jsVueuseFetch from './js/vueuse-fetch';
import jsWreck from './js/wreck';
import jsWretch from './js/wretch';
import jsXhr from './js/xhr';
import phpBuzz from './php/buzz';
import phpCakephpHttp from './php/cakephp-http';
import phpCodeigniterCurlrequest from './php/codeigniter-curlrequest';
import phpCurl from './php/curl';
import phpDrupalHttp from './php/drupal-http';
import phpGuzzle from './php/guzzle';
import phpHttpRequest2 from './php/http-request2';
import phpHttpful from './php/httpful';
import phpJoomlaHttp from './php/joomla-http';
import phpLaminasHttp from './php/laminas-http';
import phpLaravelHttp from './php/laravel-http';
import phpMagentoCurl from './php/magento-curl';
import phpMagentoCurlAdapter from './php/magento-curl-adapter';
import phpMoodleCurl from './php/moodle-curl';
import phpMediawikiHttp from './php/mediawiki-http';
import phpOauth2Client from './php/oauth2-client';
import phpRequests from './php/requests';
import phpSoap from './php/soap';
import phpSocket from './php/socket';
import phpStream from './php/stream';
import phpSymfonyHttpClient from './php/symfony-http-client';
import phpWordpressHttp from './php/wordpress-http';
import phpYii2Httpclient from './php/yii2-httpclient';

export const CLIENTS: readonly ClientSpec[] = [
  phpCurl,
  phpStream,
  phpSocket,
  phpSoap,
  phpGuzzle,
  phpSymfonyHttpClient,
  phpLaravelHttp,
  phpWordpressHttp,
  phpRequests,
  phpHttpful,
  phpBuzz,
  phpCakephpHttp,
  phpMagentoCurl,
  phpMagentoCurlAdapter,
  phpMoodleCurl,
  phpLaminasHttp,
  phpJoomlaHttp,
  jsFetch,
  jsAxios,
  jsNodeHttp,
  jsGot,
  jsKy,
  jsSuperagent,
  jsUndici,
  jsNeedle,
  jsXhr,
  jsJquery,
  jsNodeHttp2,
  jsRequest,
  jsOfetch,
  jsAngularHttp,
  jsNestjsHttp,
  phpDrupalHttp,
  jsWreck,
  jsNuxtFetch,
  jsTeenyRequest,
  jsSlackWebhook,
  phpCodeigniterCurlrequest,
  phpOauth2Client,
  jsRedaxios,
  jsTauriHttp,
  jsElectronNet,
  jsApolloHttpLink,
  jsGraphqlRequest,
  jsWretch,
  jsApolloClient,
  jsOpenapiFetch,
  jsTrpcLink,
  jsOctokit,
  phpYii2Httpclient,
  phpHttpRequest2,
  jsMakeFetchHappen,
  jsOhmyfetch,
  jsVueuseFetch,
  phpMediawikiHttp,
  jsRtkQuery,
  jsHttpProxy,
];
