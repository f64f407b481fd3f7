// @ts-morph/common ships TypeScript as one file beside its own layer; the JS engine loads that file alone.
declare module '@ts-morph/common/dist/typescript' {
  import { ts } from '@ts-morph/common';
  export = ts;
}
