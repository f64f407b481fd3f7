import type { Literal } from '../../../catalogue/define-client';
import type { Interpreter, Scope } from '../interpreter';
import type { PhpNode } from '../parse';
import type { Tracked, Value } from '../values';

export interface CallSite {
  /** Lower-case function or method name. */
  name: string;
  node: PhpNode;
  args: PhpNode[];
  values: Value[];
  scope: Scope;
}

/** When the walk met something (Interpreter.now()): moments compare only within one walk (`walk` >= 0). */
export interface Moment {
  seq: number;
  walk: number;
  /** The bodies of `if`s with no else the walk was in, as start offsets: code that may not run at all. */
  lone?: string;
}

/**
 * A setting met at `at` holds on every path to a request met at `met`: in place for it, and not in the body of an
 * `if` with no else that the request is not in too (`if ($fast) { ini_set(…); } file_get_contents($u);`).
 */
export function onEveryPathTo(at: Moment, met: readonly Moment[]): boolean {
  const inside = (m: Moment): boolean => (at.lone ?? '').split('/').every((arm) => (m.lone ?? '').split('/').includes(arm));
  return inPlaceFor(at, met) && !met.some((m) => m.walk >= 0 && m.walk === at.walk && !inside(m));
}

/**
 * A setting met at `at` is in place for a request met at `met`, unless the same walk met the request first:
 * a setting in another walk or in a closure cannot be ordered against it, and counts as in place (contract:
 * what the analysis cannot see counts as set). As for curl options set after curl_exec (curl-handle.ts).
 */
export function inPlaceFor(at: Moment, met: readonly Moment[]): boolean {
  return !met.some((m) => m.walk >= 0 && m.walk === at.walk && m.seq < at.seq);
}

/**
 * What a client's analysis plugs into the walk. Every hook is optional; `undefined` means "not mine".
 * Class names arrive fully qualified, lower-case, without a leading backslash.
 */
export interface Special {
  /** The value of a global constant the special knows. */
  constant?(name: string): Literal | undefined;
  classConstant?(cls: string, name: string): Literal | undefined;
  /** A call to a global function. */
  call?(site: CallSite, interp: Interpreter): Value | undefined;
  /** Global functions that take a tracked object without hiding it. */
  inert?(name: string): boolean;
  newObject?(cls: string, site: CallSite, interp: Interpreter): Value | undefined;
  staticCall?(cls: string, site: CallSite, interp: Interpreter): Value | undefined;
  methodCall?(target: Tracked, site: CallSite, interp: Interpreter): Value | undefined;
  /** A parameter or property declared with this type: an object made elsewhere. */
  typed?(cls: string, node: PhpNode, interp: Interpreter): Value | undefined;
  /** A later pass of the walk starts: it meets everything again, knowing more, so what the last pass saw may go. */
  newPass?(): void;
}

type Hook = Exclude<keyof Special, 'constant' | 'classConstant' | 'inert' | 'newPass'>;

/** Several specials as one: the first that answers wins. */
export class Specials {
  /** How many calls a special answered: none means the file holds nothing any client follows. */
  answered = 0;

  constructor(readonly list: readonly Special[]) {}

  constant(name: string): Literal | undefined {
    for (const s of this.list) {
      const v = s.constant?.(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  classConstant(cls: string, name: string): Literal | undefined {
    for (const s of this.list) {
      const v = s.classConstant?.(cls, name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  inert(name: string): boolean {
    return this.list.some((s) => s.inert?.(name));
  }

  newPass(): void {
    for (const s of this.list) s.newPass?.();
  }

  ask<H extends Hook>(hook: H, ...args: Parameters<NonNullable<Special[H]>>): Value | undefined {
    for (const s of this.list) {
      const fn = s[hook] as ((...a: unknown[]) => Value | undefined) | undefined;
      const v = fn?.apply(s, args);
      if (v !== undefined) {
        this.answered++;
        return v;
      }
    }
    return undefined;
  }
}
