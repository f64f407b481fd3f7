import type { MessageId } from './message-ids';

/**
 * Message text per contract id. Placeholders: {{client}}, {{option}}, {{value}}, {{where}} (" (sent by
 * curl_exec on line 12)" or ""), {{note}} (an extra sentence, or ""), {{risk}} (what waits: MESSAGE_DEFAULTS unless
 * the client says otherwise); missingTotalTimeout's {{connect}} and {{onceConnected}}, what is known of the connect
 * (MESSAGE_DEFAULTS, unless the options cannot be read: UNREAD_CONNECT).
 */
export const MESSAGES: Record<MessageId, string> = {
  missingTimeout:
    '{{client}} request has no timeout{{where}}; {{risk}}.{{note}} Set {{option}}.',
  missingTotalTimeout:
    '{{client}} request has {{connect}} no total timeout{{where}}; {{onceConnected}}{{risk}}.{{note}} Set {{option}}.',
  disabledTimeout:
    '{{client}} timeout is disabled by {{value}}{{where}}; a silent server can hold the request open forever.{{note}} Set {{option}} to a finite value.',
  missingConnectTimeout:
    '{{client}} request has no connect timeout{{where}}; connecting to an unreachable host waits until a longer bound runs out.{{note}} Set {{option}}.',
};

/** The value of a placeholder a finding does not give. */
export const MESSAGE_DEFAULTS: Readonly<Record<string, string>> = {
  risk: 'a silent server can hold it open forever',
  connect: 'a connect timeout but',
  onceConnected: 'once connected, ',
};

/**
 * missingTotalTimeout where the connect counts as set only because the options cannot be read (contract: what the
 * analysis cannot see counts as set): the message claims no connect timeout it has not seen.
 */
export const UNREAD_CONNECT: Readonly<Record<string, string>> = {
  connect: 'options the analysis cannot read, and',
  onceConnected: '',
};

/**
 * The risk of a client whose waits php.ini's `default_socket_timeout` bounds when the code sets nothing: that
 * stops a silent server, but it is the deployment's setting, not the code's (PhpBaseSpec.iniBound).
 */
export const INI_BOUND_RISK = "only php.ini's default_socket_timeout (60 s unless the deployment sets another) bounds each wait on a silent server";

/** Fills `{{name}}` placeholders; unknown ones become empty. */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => data[key] ?? '');
}

export function messageFor(messageId: MessageId, data: Readonly<Record<string, string>>): string {
  return formatMessage(MESSAGES[messageId], { ...MESSAGE_DEFAULTS, ...data });
}
