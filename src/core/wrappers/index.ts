import type { ClientDecl, WrapperDecl } from '../../config/declared';
import type { Finding } from '../../model/finding';
import { jsWrapperSpans } from './js';
import { phpWrapperSpans } from './php';

type Lang = 'php' | 'js';

function callsFor(language: Lang, decls: readonly (WrapperDecl | ClientDecl)[]): string[] {
  return decls.filter((d) => d.language === null || d.language === language).map((d) => d.call);
}

/** The last name of a declared call (`get` of `HttpUtil::get`), the word a file must hold to use it. */
function lastName(call: string): string {
  return call.split(/::|->|\\|\./).filter(Boolean).pop() ?? call;
}

/** True when the text mentions a wrapper or client declared for its language (the prefilter lets it through). */
export function mentionsDeclared(language: Lang, text: string, decls: readonly (WrapperDecl | ClientDecl)[]): boolean {
  const names = callsFor(language, decls).map(lastName);
  if (!names.length) return false;
  if (language === 'php') {
    const lower = text.toLowerCase();
    return names.some((n) => lower.includes(n.toLowerCase()));
  }
  return names.some((n) => text.includes(n));
}

function inside(spans: readonly [number, number][], range: readonly [number, number]): boolean {
  return spans.some(([a, b]) => range[0] >= a && range[1] <= b);
}

// A finding goes when it lies inside a call to the wrapper (arguments included), or when every place it
// points to (where the request is sent) does.
/** Drops the findings of requests made through a declared wrapper. */
export function dropWrapped(findings: Finding[], text: string, filePath: string, language: Lang, wrappers: readonly WrapperDecl[]): Finding[] {
  const calls = callsFor(language, wrappers);
  if (!findings.length || !calls.length || !mentionsDeclared(language, text, wrappers)) return findings;
  const spans = language === 'php' ? phpWrapperSpans(text, calls) : jsWrapperSpans(text, filePath, calls);
  if (!spans.length) return findings;
  return findings.filter((f) => !inside(spans, f.range) && !(f.related?.length && f.related.every((r) => inside(spans, r.range))));
}
