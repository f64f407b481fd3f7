// The catalogue: every file under rules/<language>/ that defines a client. test/catalogue.test.ts
// checks that this list and the files on disk agree; `npm run new-client` adds to it.
import type { ClientSpec } from '../src/catalogue/define-client';
import jsAxios from './js/axios';
import jsFetch from './js/fetch';
import jsGot from './js/got';
import jsKy from './js/ky';
import jsNodeHttp from './js/node-http';
import phpCurl from './php/curl';

export const CLIENTS: readonly ClientSpec[] = [
  phpCurl, jsFetch, jsAxios, jsNodeHttp, jsGot, jsKy];
