import { CLIENTS } from '../../rules/index';

/** Every rule id (`php/curl`). */
export const RULE_IDS: readonly string[] = CLIENTS.map((c) => c.id);

/**
 * The rule ids a name that is none may mean: the client's name alone (`curl`), or the ESLint rule's name
 * (`http-timeout/curl`, `http-timeout/php-curl`), or one with its language wrong (`js/curl`).
 */
export function ruleIdsLike(name: string): string[] {
  const bare = name.replace(/^http-timeout\//, '');
  const client = bare.includes('/') ? bare.slice(bare.indexOf('/') + 1) : bare.replace(/^(php|js)-/, '');
  return RULE_IDS.filter((id) => id.slice(id.indexOf('/') + 1) === client.toLowerCase());
}
