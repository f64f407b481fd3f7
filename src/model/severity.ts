import type { MessageId } from './message-ids';

export type Severity = 1 | 2;
export type SeveritySetting = 'off' | 'warn' | 'error';

// contract: a bound that is missing or disabled is an error; a missing connect bound alone is a warning.
export const DEFAULT_SEVERITY: Record<MessageId, Severity> = {
  missingTimeout: 2,
  missingTotalTimeout: 2,
  disabledTimeout: 2,
  missingConnectTimeout: 1,
};

/**
 * Severity of one finding: the rule setting caps it ('warn' turns errors into warnings), and
 * `connect` (the `missingConnectTimeout` setting) decides connect-only findings. `null` = not reported.
 */
export function severityOf(messageId: MessageId, rule: SeveritySetting, connect: SeveritySetting): Severity | null {
  if (rule === 'off') return null;
  if (messageId === 'missingConnectTimeout') {
    if (connect === 'off') return null;
    return rule === 'warn' || connect === 'warn' ? 1 : 2;
  }
  return rule === 'warn' ? 1 : DEFAULT_SEVERITY[messageId];
}
