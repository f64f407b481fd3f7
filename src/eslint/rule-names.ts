import type { ClientSpec } from '../catalogue/define-client';

/** The plugin's prefix in ESLint configs: `http-timeout/curl`. */
export const PLUGIN_PREFIX = 'http-timeout';

function shortName(id: string): string {
  return id.slice(id.indexOf('/') + 1);
}

// When clients of two languages share the part after the language, each is named with its language in
// front (`php-http`, `js-http`), so no name ever means two clients.
/** ESLint rule name per client id: the part after the language (`php/curl` -> `curl`). */
export function ruleNamesOf(clients: readonly ClientSpec[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const c of clients) count.set(shortName(c.id), (count.get(shortName(c.id)) ?? 0) + 1);
  return new Map(clients.map((c) => {
    const short = shortName(c.id);
    return [c.id, count.get(short)! > 1 ? `${c.language}-${short}` : short];
  }));
}
