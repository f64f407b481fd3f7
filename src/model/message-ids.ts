/** The four finding kinds of the output contract; their ids never change. */
export const MESSAGE_IDS = ['missingTimeout', 'missingTotalTimeout', 'disabledTimeout', 'missingConnectTimeout'] as const;
export type MessageId = (typeof MESSAGE_IDS)[number];
