/**
 * A copy of `s` that does not keep the string it was cut from alive. V8 keeps a substring (a regular
 * expression's match, a slice) as a view of its parent: a specifier kept in a run-long cache would otherwise
 * hold its whole file's text in memory.
 */
export function detached(s: string): string {
  return (` ${s}`).slice(1);
}
