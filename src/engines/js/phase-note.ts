// Why a request object with a bound in view is unbounded all the same (response-phase.ts), and the ms its fix writes.
import { ts } from './typescript';
import type { EngineSettings } from '../../model/finding';
import type { Call, Request } from './detect';
import { type Layer, lookup } from './evaluate';
import { phaseOf } from './response-phase';
import { lineAt } from './walk';

/** `req.setTimeout()` as a call names it: on a name, or `.setTimeout()` on a chain. */
function methodCalled(call: Call, sf: ts.SourceFile): string | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  return ts.isIdentifier(callee.expression) ? `${callee.getText(sf)}()` : `.${callee.name.text}()`;
}

/** The unheard idle option the request sets, and its value where it reads as a number. */
function unheardSet(r: Request, layers: readonly Layer[]): { option: string; label: string; line?: number; ms?: number } | undefined {
  for (const option of phaseOf(r.call)?.unheard ?? []) {
    const { found } = lookup(layers, option);
    if (found === 'absent' || found === 'unknown') continue;
    const node = found.prop?.node;
    const line = node && found.prop!.file === r.file ? lineAt(r.file.sf, node.getStart(r.file.sf)) : undefined;
    const unit = r.spec.idle?.find((o) => o.name === option)?.unit === 's' ? 1000 : 1;
    const ms = found.val.kind === 'lit' && typeof found.val.value === 'number' && found.val.value > 0 ? found.val.value * unit : undefined;
    // Set by a handle method (`req.setTimeout(5000)`): named as the call.
    const label = node && ts.isCallExpression(node) ? methodCalled(node, r.file.sf) ?? option : option;
    return { option, label, line, ms };
  }
  return undefined;
}

/** The sentence a missingTimeout message adds: what looks like a bound, and why it is none. */
export function phaseNote(r: Request, layers: readonly Layer[]): string {
  const phase = phaseOf(r.call);
  const sf = r.file.sf;
  if (phase?.cleared) {
    const [timer, clear] = [phase.cleared.timer, phase.cleared.clear].map((n) => lineAt(sf, n.getStart(sf)));
    return ` The timer on line ${timer} that ends the request is cleared on line ${clear}, once the headers arrive: reading the body after it has no bound.`;
  }
  if (phase?.late) {
    const at = lineAt(sf, phase.late.at.getStart(sf));
    const what = phase.late.timer ? `The timer that ends it on line ${at} is armed` : `\`${methodCalled(phase.late.at, sf) ?? 'setTimeout()'}\` on line ${at} runs`;
    return ` ${what} in the response callback, once the headers are in: nothing bounds the wait for them.`;
  }
  const unheard = unheardSet(r, layers);
  if (!unheard) return '';
  const where = unheard.line ? ` (line ${unheard.line})` : '';
  return ` Its \`${unheard.label}\`${where} only emits '${unheard.option}', and no listener ends the request on it.`;
}

/**
 * The settings a fix writes with: the ms of a timer cleared at the headers, as the author chose it; for an idle
 * value no listener acts on, no total shorter than that value (a transfer silent for less may still be going on).
 */
export function phaseSettings(r: Request, layers: readonly Layer[], settings: EngineSettings): EngineSettings {
  const delay = phaseOf(r.call)?.cleared?.delay;
  if (delay?.kind === 'lit' && typeof delay.value === 'number') return { ...settings, totalTimeout: delay.value / 1000 };
  const ms = unheardSet(r, layers)?.ms;
  return ms !== undefined && ms > settings.totalTimeout * 1000 ? { ...settings, totalTimeout: ms / 1000 } : settings;
}
