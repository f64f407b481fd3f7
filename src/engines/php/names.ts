import type { PhpNode } from './parse';

/** The name of a php-parser identifier node (or a plain string). */
export function identifierName(node: unknown): string {
  if (typeof node === 'string') return node;
  const n = node as { name?: unknown } | null;
  return n && typeof n.name === 'string' ? n.name : '';
}

/** The lower-case name a plain function call calls (`fgets`, `\\feof`), or '' for any other node. */
export function calledFunctionName(n: PhpNode): string {
  const what = n.kind === 'call' ? (n.what as PhpNode | undefined) : undefined;
  return what?.kind === 'name' ? String(what.name).replace(/^\\/, '').toLowerCase() : '';
}

/**
 * Whether `given`, a call's first argument, is the service id `id` a creator counts only with, in any case:
 * CodeIgniter's `service('CURLRequest')` calls the method `Services::curlrequest()`, and PHP method names ignore
 * case; the ids other containers take are written in one case only.
 */
export function isServiceId(given: unknown, id: string): boolean {
  return typeof given === 'string' && given.toLowerCase() === id.toLowerCase();
}
