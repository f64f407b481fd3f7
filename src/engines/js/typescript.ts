// TypeScript's compiler API, from the copy @ts-morph/common bundles, without ts-morph's own layer (globbing,
// an in-memory file system) that the engine never uses: about a quarter less to load for every run with JS.
import ts = require('@ts-morph/common/dist/typescript');

export { ts };
