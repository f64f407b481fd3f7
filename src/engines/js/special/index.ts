import type { ts } from '@ts-morph/common';
import type { JsClientSpec } from '../../../catalogue/define-client';
import type { Fix } from '../../../model/finding';
import type { Layer } from '../evaluate';
import type { FileCtx } from '../file';
import type { Val } from '../values';
import { pipeFix, pipeLayers } from './observable-pipe';
import { lastTimeoutObject, superagentFix, superagentLayers } from './superagent-chain';
import { xhrFix, xhrLayers } from './xhr-handle';

type Call = ts.CallExpression | ts.NewExpression;

/** Options a spec's special reads from statements around a request or instance created at `at`. */
export function specialLayers(spec: JsClientSpec, at: Call, file: FileCtx, kind: Layer['kind']): Layer[] {
  if (spec.special === 'superagent-chain') return superagentLayers(spec, at, file, kind);
  if (spec.special === 'xhr-handle') return xhrLayers(at, file, kind);
  // An Observable is piped per request: an instance (the service that sends them) has none.
  if (spec.special === 'observable-pipe' && kind === 'call') return pipeLayers(spec, at, file, kind);
  return [];
}

/**
 * The fix a special writes: `text` is the rendered template (`{{options}}` already filled in for chains); `desc`
 * says what it does when it is offered as a suggestion; `level`: only offered, whatever the spec's level.
 */
export function specialFix(spec: JsClientSpec, at: Call, file: FileCtx, text: string): { fix: Fix; desc?: string; level?: 'suggestion' } | undefined {
  if (spec.special === 'observable-pipe') return pipeFix(spec, at, file, text);
  if (spec.fix.kind === 'statementAfter') return xhrFix(at, file, text);
  const fix = spec.fix.kind === 'appendCall' ? superagentFix(at, file, text) : undefined;
  return fix ? { fix } : undefined;
}

/** superagent agents configure by chaining: `superagent.agent().set(…).timeout(…)` is still the agent. */
export function returnsReceiver(callee: Extract<Val, { kind: 'instance' }>): boolean {
  return callee.inst.spec.special === 'superagent-chain' && callee.path.length === 1;
}

/**
 * Where a special's request that sets part of its bounds already takes the missing ones as keys: superagent's
 * last `.timeout({ deadline })` on the chain. Undefined where the special's fix cannot add one bound alone.
 */
export function specialKeysTarget(spec: JsClientSpec, at: Call): ts.ObjectLiteralExpression | undefined {
  return spec.special === 'superagent-chain' ? lastTimeoutObject(at) : undefined;
}
