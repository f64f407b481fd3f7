/** Names of the global object: `window.fetch` and `globalThis.fetch` are the global `fetch`. */
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'window', 'self', 'global']);
