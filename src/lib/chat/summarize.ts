// "Start a new chat from a summary": the model condenses the conversation, and the summary becomes
// the new chat's system prompt, so a long conversation can go on in a fresh context window.
import type { MessageRecord } from '../storage/types';
import type { Provider } from '../providers/types';
import { buildChatMessages, runTurn } from './turn';

export async function summarize(
  provider: Provider,
  model: string,
  systemPrompt: string,
  history: MessageRecord[],
  instruction: string,
  signal?: AbortSignal,
): Promise<string> {
  const messages = [
    ...buildChatMessages(systemPrompt, history),
    { role: 'user' as const, content: instruction },
  ];
  let text = '';
  await runTurn(
    provider,
    { model, messages, stream: false, signal },
    { onContent: (t) => (text += t), onThinking: () => {} },
  );
  return text.trim();
}
