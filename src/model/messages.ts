import type { MessageId } from './message-ids';

/**
 * Message text per contract id. Placeholders: {{client}}, {{option}}, {{value}}, {{where}} (" (sent by
 * curl_exec on line 12)" or ""), {{note}} (an extra sentence, or "").
 */
export const MESSAGES: Record<MessageId, string> = {
  missingTimeout:
    '{{client}} request has no timeout{{where}}; a silent server can hold it open forever.{{note}} Set {{option}}.',
  missingTotalTimeout:
    '{{client}} request has a connect timeout but no total timeout{{where}}; once connected, a silent server can hold it open forever.{{note}} Set {{option}}.',
  disabledTimeout:
    '{{client}} timeout is disabled by {{value}}{{where}}; a silent server can hold the request open forever.{{note}} Set {{option}} to a finite value.',
  missingConnectTimeout:
    '{{client}} request has no connect timeout{{where}}; connecting to an unreachable host waits until a longer bound runs out.{{note}} Set {{option}}.',
};

/** Fills `{{name}}` placeholders; unknown ones become empty. */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => data[key] ?? '');
}

export function messageFor(messageId: MessageId, data: Readonly<Record<string, string>>): string {
  return formatMessage(MESSAGES[messageId], data);
}
