// Words of the context warning and the context meter's summary button, beside the shared `m`
// messages: loaded with those components, which show only once there is a chat or a draft.

import { decimal, localized } from './locale';
import { contextTextFr } from './fr/context';

const contextTextEn = {
  contextDroppedTitle: 'The server did not read the start of this conversation',
  contextDroppedDetail: (sent: number, counted: number) =>
    `About ${decimal(sent)} tokens were sent, but the server counted ${decimal(counted)}: it dropped the oldest messages (the first instructions included) to fit its context window, so this answer did not see them.`,
  contextFullTitle: 'This conversation no longer fits the model’s context window',
  contextFullDetail: (prompt: number, size: number) =>
    `The request used ${prompt} tokens of a ${size}-token window, so the server dropped the oldest part of the conversation: the model no longer sees it.`,
  raiseContext: (n: number) => `Raise num_ctx to ${n}`,
  newChatFromSummary: 'Start a new chat from a summary',
  summarizing: 'Summarising…',
  contextMeter: 'Context',
};

export type ContextText = typeof contextTextEn;
export const contextText: ContextText = localized(contextTextEn, contextTextFr);
