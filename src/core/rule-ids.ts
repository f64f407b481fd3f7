import { CLIENTS } from '../../rules/index';

const IDS: readonly string[] = CLIENTS.map((c) => c.id);

/** Whether `name` is a rule id (`php/curl`). */
export function isRuleId(name: string): boolean {
  return IDS.includes(name);
}

/**
 * The rule ids a name that is none may mean: the client's name alone (`curl`), or the ESLint rule's name
 * (`http-timeout/curl`, `http-timeout/php-curl`), or one with its language wrong (`js/curl`).
 */
export function ruleIdsLike(name: string): string[] {
  const bare = name.replace(/^http-timeout\//, '');
  const client = bare.includes('/') ? bare.slice(bare.indexOf('/') + 1) : bare.replace(/^(php|js)-/, '');
  return IDS.filter((id) => id.slice(id.indexOf('/') + 1) === client.toLowerCase());
}
