/** The name of a php-parser identifier node (or a plain string). */
export function identifierName(node: unknown): string {
  if (typeof node === 'string') return node;
  const n = node as { name?: unknown } | null;
  return n && typeof n.name === 'string' ? n.name : '';
}
