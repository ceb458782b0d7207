// A conversation as one text for the sequential summary: each message under a heading naming who
// spoke, so the chunker cuts between messages before it cuts inside one, and the model can tell the
// question from the answer. The same path always gives the same text (a resumed run relies on it).
import type { MessageRecord } from '../storage/types';

export interface TranscriptSource {
  systemPrompt: string;
  /** The path on screen, oldest first. */
  messages: readonly MessageRecord[];
}

/** Speaker headings, in the model's language of instructions (English); never shown to the user. */
const HEADINGS = { system: 'System prompt', user: 'User', assistant: 'Assistant' } as const;

export function conversationText(x: TranscriptSource): string {
  const parts: string[] = [];
  if (x.systemPrompt.trim()) parts.push(`## ${HEADINGS.system}\n\n${x.systemPrompt.trim()}`);
  for (const r of x.messages) {
    // A failed answer has no words worth keeping; its error text is ours, not the model's.
    if (r.status === 'error' && !r.content.trim()) continue;
    const images = r.imageIds?.length ? `\n\n[${r.imageIds.length} image(s)]` : '';
    const body = r.content.trim();
    if (!body && !images) continue;
    const who =
      r.role === 'assistant' ? HEADINGS.assistant : r.role === 'user' ? HEADINGS.user : HEADINGS.system;
    parts.push(`## ${who}\n\n${body}${images}`);
  }
  return parts.join('\n\n');
}
