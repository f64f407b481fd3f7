import { defineClient } from '../../src/catalogue/define-client';
import { AXIOS_DATA, AXIOS_NO_DATA, AXIOS_TOTAL } from './axios';

export default defineClient({
  id: 'js/nestjs-http',
  language: 'js',
  client: '@nestjs/axios',
  summary: 'the axios instance @nestjs/axios makes for a module (HttpModule, register, registerAsync), and HttpService calls that set their own config',
  // Nest 5-7 exported the same module and service from @nestjs/common (lib/http, removed in 8 for @nestjs/axios).
  roots: {
    HttpModule: [{ module: '@nestjs/axios', export: 'HttpModule' }, { module: '@nestjs/common', export: 'HttpModule' }],
    HttpService: [{ module: '@nestjs/axios', export: 'HttpService' }, { module: '@nestjs/common', export: 'HttpService' }],
  },
  calls: [
    // lib/http.service.ts:18-65: each method hands its arguments, config last, to the same method of the instance
    // (3.1 adds postForm, putForm and patchForm: 12.0.1 dist/http.service.js:42-50).
    { callee: ['HttpService', ['get', 'delete', 'head']], optionsArg: [1], insertAt: 1 },
    { callee: ['HttpService', AXIOS_DATA], optionsArg: [2], insertAt: 2 },
    { callee: ['HttpService', 'request'], optionsArg: [0], insertAt: 0 },
    // lib/http.service.ts:67-69: `axiosRef` is the instance itself, callable as axios is, with an instance's methods
    // (lib/core/Axios.js, 1.21.1, lines 321-360). `query` (QUERY, there and in @nestjs/axios 12) is left out: every
    // `x.query(…)` (a database's) would be evaluated.
    { callee: ['HttpService', 'axiosRef'], optionsArg: [0, 1], insertAt: 1 },
    { callee: ['HttpService', 'axiosRef', AXIOS_NO_DATA], optionsArg: [1], insertAt: 1 },
    { callee: ['HttpService', 'axiosRef', AXIOS_DATA], optionsArg: [2], insertAt: 2 },
    { callee: ['HttpService', 'axiosRef', 'request'], optionsArg: [0], insertAt: 0 },
  ],
  instances: [
    // lib/http.module.ts:27-41: register(config) provides `Axios.create(config)` to the module's HttpService.
    { callee: ['HttpModule', 'register'], optionsArg: [0], insertAt: 0 },
    // lib/http.module.ts:43-61, 78-94: registerAsync creates the instance from what `useFactory` returns, else from
    // `createHttpOptions()` of the `useExisting` or `useClass` class (read when the file declares it).
    {
      callee: ['HttpModule', 'registerAsync'],
      optionsArg: [0],
      insertAt: null,
      optionsFactory: 'useFactory',
      optionsClass: { keys: ['useExisting', 'useClass'], method: 'createHttpOptions' },
    },
  ],
  // lib/http.module.ts:16-25: HttpModule imported without register() provides axios's default instance, whose
  // timeout is 0 (axios lib/defaults/index.js, http-clients.md): no bound.
  listed: [{ root: 'HttpModule', key: 'imports', factory: 'register' }],
  // The module makes the instance; a service is handed it by the injector, its options unseen.
  types: [{ module: '@nestjs/axios', names: ['HttpService'] }, { module: '@nestjs/common', names: ['HttpService'] }],
  // The per-call config goes to axios as given (lib/http.service.ts:84), merged over the instance's.
  total: AXIOS_TOTAL,
  // axios has no separate connect option.
  connect: null,
  libraryDefault: null,
  // The axios rule's fix. No signal beside it: one signal in the module's options would be shared by every
  // request and fire once.
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
