import type { Literal } from '../../../catalogue/define-client';
import type { Interpreter, Scope } from '../interpreter';
import { endOf, startOf, type PhpNode } from '../parse';
import type { Tracked, Value } from '../values';

export interface CallSite {
  /** Lower-case function or method name. */
  name: string;
  node: PhpNode;
  args: PhpNode[];
  values: Value[];
  scope: Scope;
  /**
   * The making of a class of this file that extends an outside one (`new Sub()`, `parent::__construct()` in it):
   * the methods it, or a class of this file between, declares and sends on to no parent's of the same name.
   */
  overrides?: ReadonlySet<string>;
}

/** When the walk met something (Interpreter.now()): moments compare only within one walk (`walk` >= 0). */
export interface Moment {
  seq: number;
  walk: number;
  /** The arms of `if`s the walk was in, as start offsets (`/12/40`): code that may not run at all. */
  lone?: string;
  /** The arms a caller leaving a parameter at its default never runs that the walk was in (Interpreter.keptOutNow). */
  keptOut?: readonly object[];
}

/** The arms of an `if` with an else, and those after which the code below it runs (Interpreter.armsOfIf). */
export interface ArmsOfIf {
  arms: readonly string[];
  reaching: readonly string[];
}

/**
 * Settings met at `ats` hold on every path to a request met at each of `met` (in one walk), when one of them
 * is in place for it and in no `if` arm the request is not in too (`if ($fast) { ini_set(…); }
 * file_get_contents($u);`), or when each arm of an `if` with an else holds one, or returns or throws
 * (`armsOfIf`). A setting in another walk or in a closure cannot be ordered against a request, and counts as in
 * place (inPlaceFor).
 */
export function onEveryPathTo(ats: readonly Moment[], met: readonly Moment[], armsOfIf: ReadonlyMap<string, ArmsOfIf>): boolean {
  const placed = ats.filter((a) => inPlaceFor(a, met));
  const ordered = (a: Moment, m: Moment): boolean => m.walk >= 0 && m.walk === a.walk;
  if (placed.some((a) => !met.some((m) => ordered(a, m)))) return true;
  return placed.some((a) => {
    const writes = placed.filter((b) => b.walk === a.walk).map(pathOf);
    return met.every((m) => !ordered(a, m) || coveredOnTheWayTo(writes, pathOf(m), armsOfIf));
  });
}

/** The `if` arms a moment is in, outermost first (`Moment.lone`). */
export function pathOf(m: Moment): string[] {
  return m.lone ? m.lone.split('/').slice(1) : [];
}

/** Some of `writes` (each the `if` arms it was in) runs on every path to code in the arms `to`. */
function coveredOnTheWayTo(writes: readonly string[][], to: readonly string[], armsOfIf: ReadonlyMap<string, ArmsOfIf>): boolean {
  // Every path into the arms `within` meets a write, leaving aside an `if` whose arm the request is in.
  const covered = (within: readonly string[]): boolean => {
    const inside = writes.filter((w) => within.every((arm, i) => w[i] === arm));
    if (inside.some((w) => w.length === within.length)) return true;
    const next = new Set(inside.map((w) => w[within.length]!));
    // An arm that returns or throws hands no path on to the code below its `if`.
    return [...next].some((arm) => {
      const of = armsOfIf.get(arm);
      return !!of && !of.arms.includes(to[within.length]!) && of.reaching.every((b) => covered([...within, b]));
    });
  };
  return to.some((_, k) => covered(to.slice(0, k))) || covered(to);
}

/**
 * The walk met `at` before it first made the object (`made`: each time a walk made it): what got a value then got
 * the one an earlier walk or pass left in a property (`$this->prepare(); $this->ch = curl_init();`, met again by a
 * later pass), not this one.
 */
export function madeOnlyAfter(at: Pick<Moment, 'seq' | 'walk'>, made: readonly Pick<Moment, 'seq' | 'walk'>[]): boolean {
  const mine = made.filter((m) => m.walk === at.walk);
  return at.walk >= 0 && mine.length > 0 && mine.every((m) => m.seq > at.seq);
}

/**
 * A method the walk cannot see, run on the object that holds the thing in a property, met at `at` (calls.ts
 * escapeHeld), may have set it for a request met at `met` (its seq: when the request goes). The call reaches it
 * only where the walk can order the two: in a walk that made it, after it did, and not after that request (a
 * constructor's `$this->ch = curl_init(); $this->init();`); or in the request's own walk, before the request, on
 * one that walk did not make only after the call. A call in another method (`close()`, `__destruct()`, a
 * `debug()` that logs), or in a closure, is not known to run before the request, and counts for nothing.
 */
export function heldReaches(at: Pick<Moment, 'seq' | 'walk'>, made: readonly Pick<Moment, 'seq' | 'walk'>[], met: Pick<Moment, 'seq' | 'walk'>): boolean {
  if (at.walk < 0) return false;
  const sameWalk = met.walk === at.walk;
  if (made.some((m) => m.walk === at.walk)) return made.some((m) => m.walk === at.walk && m.seq < at.seq) && !(sameWalk && met.seq < at.seq);
  return sameWalk && at.seq < met.seq;
}

/**
 * Whether a write a kept-out arm made (`arm`, Interpreter.keptOutFor) holds for a request sent with the kept-out arms
 * `sent` (Moment.keptOut): only inside that arm, where each caller that sends it ran the write; a write made outside
 * any such arm holds everywhere.
 */
export function sentWithin(arm: object | null | undefined, sent: readonly object[] | undefined): boolean {
  return !arm || !!sent?.includes(arm);
}

/**
 * A setting met at `at` is in place for a request met at `met`, unless the same walk met the request first:
 * a setting in another walk or in a closure cannot be ordered against it, and counts as in place (contract:
 * what the analysis cannot see counts as set). As for curl options set after curl_exec (curl-handle.ts).
 */
export function inPlaceFor(at: Moment, met: readonly Moment[]): boolean {
  return !met.some((m) => m.walk >= 0 && m.walk === at.walk && m.seq < at.seq);
}

const tops = new WeakMap<readonly PhpNode[], PhpNode>();

/**
 * The code a call is written in: its function, or the file's top code, as one node holding it, and the text a
 * variable of that code is named in (the whole file for the top code, whose functions may name another of its name).
 */
export function bodyOf(site: CallSite, interp: Interpreter): { node: PhpNode; within: [number, number] } {
  const fn = site.scope.stack.at(-1);
  if (fn) return { node: fn.node, within: [startOf(fn.node), endOf(fn.node)] };
  const top = interp.program.top;
  let node = tops.get(top);
  if (!node) tops.set(top, (node = { kind: 'program', children: top }));
  return { node, within: [0, Number.MAX_SAFE_INTEGER] };
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
  /**
   * A method called on a receiver that holds no object the walk follows, nor one of a class this file declares (a
   * service container the framework injects: `$container->get('id')`).
   */
  unseenMethodCall?(site: CallSite, interp: Interpreter): Value | undefined;
  /** A parameter or property declared with this type: an object made elsewhere (`constructor`: a constructor's parameter). */
  typed?(cls: string, node: PhpNode, interp: Interpreter, constructor?: boolean): Value | undefined;
  /** A later pass of the walk starts: it meets everything again, knowing more, so what the last pass saw may go. */
  newPass?(): void;
  /**
   * The walk ran a loop's body (once, or once for each element it unrolled): the code in it before a write of the
   * body runs again after that write, with what `scope` holds now.
   */
  loopRan?(body: PhpNode, scope: Scope, interp: Interpreter): void;
  /** An options array's key that names a timeout the special reads (`CURLOPT_TIMEOUT`'s code, `'timeout'`). */
  boundKey?(key: Literal): boolean;
}

type Hook = Exclude<keyof Special, 'constant' | 'classConstant' | 'inert' | 'newPass' | 'loopRan' | 'boundKey'>;

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

  loopRan(body: PhpNode, scope: Scope, interp: Interpreter): void {
    for (const s of this.list) s.loopRan?.(body, scope, interp);
  }

  boundKey(key: Literal): boolean {
    return this.list.some((s) => s.boundKey?.(key));
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
