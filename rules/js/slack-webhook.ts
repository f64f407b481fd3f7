import { defineClient } from '../../src/catalogue/define-client';

export default defineClient({
  id: 'js/slack-webhook',
  language: 'js',
  client: '@slack/webhook',
  summary: 'IncomingWebhook and WebhookTrigger instances and their send()',
  roots: {
    IncomingWebhook: [{ module: '@slack/webhook', export: 'IncomingWebhook' }],
    // 8.0: dist/WebhookTrigger.js, the same constructor and send() as IncomingWebhook.
    WebhookTrigger: [{ module: '@slack/webhook', export: 'WebhookTrigger' }],
  },
  // send(message) takes no options: it sends with those the instance was made with.
  calls: [
    { callee: ['IncomingWebhook', 'send'], optionsArg: [], insertAt: null },
    { callee: ['WebhookTrigger', 'send'], optionsArg: [], insertAt: null },
  ],
  // constructor(url, defaults = { timeout: 0 }) (dist/IncomingWebhook.js, 6.0 to 8.0).
  instances: [
    { callee: ['IncomingWebhook'], construct: true, optionsArg: [1], insertAt: 1 },
    { callee: ['WebhookTrigger'], construct: true, optionsArg: [1], insertAt: 1 },
  ],
  types: [{ module: '@slack/webhook', names: ['IncomingWebhook', 'WebhookTrigger'] }],
  total: {
    // 8.0: `this.timeout = defaults.timeout ?? 0`, then a signal only when `this.timeout > 0`; 6.0 to 7.2:
    // `axios.create({ timeout: defaults.timeout })`, whose 0 or undefined is none (axios lib/defaults).
    options: [{ name: 'timeout', unit: 'ms' }],
    never: [0, null, false],
    unset: [],
  },
  connect: null,
  libraryDefault: null,
  fix: { kind: 'insertOption', total: { path: 'timeout', value: '{{totalMs}}' }, level: 'fix' },
});
