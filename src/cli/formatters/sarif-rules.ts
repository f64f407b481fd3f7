import { CLIENTS } from '../../../rules/index';
import type { BoundSpec, ClientSpec } from '../../catalogue/define-client';
import { ruleDocUrl } from '../../package-info';

function names(bound: BoundSpec | null): string | null {
  return bound ? bound.options.map((o) => o.name).join(' or ') : null;
}

function describe(spec: ClientSpec): { full: string; help: string } {
  const total = `a total timeout (${names(spec.total)})`;
  const connect = names(spec.connect);
  const kinds = connect ? 'no timeout at all, only a connect timeout, or a timeout' : 'no timeout at all, or a timeout';
  const full =
    `${spec.summary}. Reports ${spec.client} requests that nothing bounds in time: ${kinds} set to a value ` +
    `that means "never"` + (connect ? `; and, as a warning, a total but no connect timeout (${connect}).` : '.');
  const fixed = spec.fix.level === 'fix' ? 'http-timeout-lint --fix adds' : 'http-timeout-lint suggests';
  // A client with no option to write (fix kind `none`): the remedy says what bounds its requests.
  const remedy = spec.fix.kind === 'none' && 'remedy' in spec.fix ? spec.fix.remedy : undefined;
  const set = remedy ? `Bound it with ${remedy}.` : `Set ${connect ? `a connect timeout (${connect}) and ` : ''}${total}; ${fixed} ${connect ? 'them' : 'it'}.`;
  const help =
    `A server that accepts the connection and never answers holds a request with no timeout open forever. ` +
    `${set} Documentation: ${ruleDocUrl(spec.id)}`;
  return { full, help };
}

/** SARIF reportingDescriptors for every rule of the catalogue, in catalogue order. */
export function sarifRules(): Record<string, unknown>[] {
  return CLIENTS.map((spec) => {
    const { full, help } = describe(spec);
    return {
      id: spec.id,
      shortDescription: { text: `${spec.client}: outbound HTTP request with no timeout` },
      fullDescription: { text: full },
      help: { text: help },
      helpUri: ruleDocUrl(spec.id),
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['reliability', spec.language] },
    };
  });
}

/** Index of each rule id in `sarifRules()`. */
export function ruleIndexes(): Map<string, number> {
  return new Map(CLIENTS.map((spec, i) => [spec.id, i]));
}
