// @vitest-environment node
// The dropped-start check against the faithful test server: Ollama drops whole old messages when a
// conversation outgrows num_ctx, and the client must notice from prompt_eval_count alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama } from '../../fake-ollama/server.mjs';
import { estimatePromptTokens, serverDroppedStart } from '../../../src/lib/contextBudget';
import { createProvider } from '../../../src/lib/providers';
import type { ChatMessage, ChatStats } from '../../../src/lib/providers/types';

let fake: Awaited<ReturnType<typeof startFakeOllama>>;
beforeAll(async () => {
  fake = await startFakeOllama({ port: 0 });
});
afterAll(async () => {
  await fake.close();
});

async function statsOf(messages: ChatMessage[], numCtx: number): Promise<ChatStats> {
  const provider = createProvider({ baseUrl: fake.url, kind: 'ollama', auth: { type: 'none' } });
  let stats: ChatStats = {};
  for await (const chunk of provider.chat({ model: 'llama3.2', messages, options: { num_ctx: numCtx } })) {
    if (chunk.type === 'done') stats = chunk.stats;
  }
  return stats;
}

function conversation(turns: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: 'You are a patient tutor.' }];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: `Question ${i}: ` + 'tell me more about Rome. '.repeat(45) });
    messages.push({ role: 'assistant', content: `Answer ${i}: ` + 'Rome was founded long ago. '.repeat(45) });
  }
  messages.push({ role: 'user', content: 'And then?' });
  return messages;
}

describe('a conversation that outgrew num_ctx', () => {
  it('is noticed: the server counted evidently fewer prompt tokens than were sent', async () => {
    const messages = conversation(12);
    const stats = await statsOf(messages, 1024);
    const sentEstimate = estimatePromptTokens(messages);
    expect(stats.promptEvalCount).toBeLessThan(1024);
    // The old check (prompt + answer ≥ num_ctx) stays silent…
    expect((stats.promptEvalCount ?? 0) + (stats.evalCount ?? 0)).toBeLessThan(1024);
    // …this one does not.
    expect(serverDroppedStart({ sentEstimate, promptEvalCount: stats.promptEvalCount, numCtx: 1024 })).toBe(
      true,
    );
  });

  it('a conversation that fits is not flagged', async () => {
    const messages = conversation(2);
    const stats = await statsOf(messages, 4096);
    const sentEstimate = estimatePromptTokens(messages);
    expect(serverDroppedStart({ sentEstimate, promptEvalCount: stats.promptEvalCount, numCtx: 4096 })).toBe(
      false,
    );
  });
});
