import type { ts } from '@ts-morph/common';
import type { JsClientSpec } from '../../../catalogue/define-client';
import type { Fix } from '../../../model/finding';
import type { Layer } from '../evaluate';
import type { FileCtx } from '../file';
import type { Val } from '../values';
import { superagentFix, superagentLayers } from './superagent-chain';
import { xhrFix, xhrLayers } from './xhr-handle';

type Call = ts.CallExpression | ts.NewExpression;

/** Options a spec's special reads from statements around a request or instance created at `at`. */
export function specialLayers(spec: JsClientSpec, at: Call, file: FileCtx, kind: Layer['kind']): Layer[] {
  if (spec.special === 'superagent-chain') return superagentLayers(spec, at, file, kind);
  if (spec.special === 'xhr-handle') return xhrLayers(at, file, kind);
  return [];
}

/** The fix a special writes: `text` is the rendered template (`{{options}}` already filled in for chains). */
export function specialFix(spec: JsClientSpec, at: Call, file: FileCtx, text: string): Fix | undefined {
  if (spec.fix.kind === 'appendCall') return superagentFix(at, file, text);
  if (spec.fix.kind === 'statementAfter') return xhrFix(at, file, text);
  return undefined;
}

/** superagent agents configure by chaining: `superagent.agent().set(…).timeout(…)` is still the agent. */
export function returnsReceiver(callee: Extract<Val, { kind: 'instance' }>): boolean {
  return callee.inst.spec.special === 'superagent-chain' && callee.path.length === 1;
}
