import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatChunk, ChatRequest, Provider } from '../../../src/lib/providers/types';
import { messagesDb, resetStorageHandles } from '../../../src/lib/storage/db';
import { conversation } from '../../../src/stores/conversation.svelte';
import { requestLock } from '../../../src/stores/requestLock.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';

/** A provider that streams the given tokens, one every `gapMs`, honouring the abort signal. */
function scriptedProvider(tokens: string[], gapMs = 5, failAfter?: Error): Provider {
  return {
    kind: 'ollama',
    unsupportedOptions: new Set(),
    canManageModels: true,
    version: async () => '0.5.1',
    listModels: async () => [],
    modelDetails: async () => ({ name: 'm', capabilities: ['completion'] }),
    loadedModels: async () => [],
    pull: async function* () {},
    deleteModel: async () => {},
    async *chat(req: ChatRequest): AsyncGenerator<ChatChunk> {
      for (const t of tokens) {
        await new Promise((r) => setTimeout(r, gapMs));
        if (req.signal?.aborted) throw new DOMException('stopped', 'AbortError');
        yield { type: 'content', text: t };
      }
      if (failAfter) throw failAfter;
      yield { type: 'done', stats: { evalCount: tokens.length, doneReason: 'stop' } };
    },
  } as Provider;
}

let lastRequest: ChatRequest | undefined;

async function setUp(provider: Provider) {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
  await servers.init({ servers: [] }, { server: 'http://127.0.0.1:11434' });
  await sessions.init();
  const serverId = servers.selectedId!;
  sessions.newDraft(serverId, 'llama3.2:latest');
  await conversation.open(null);
  vi.spyOn(servers, 'provider').mockReturnValue({
    ...provider,
    chat: (req: ChatRequest) => {
      lastRequest = req;
      return provider.chat(req);
    },
  });
}

beforeEach(() => {
  lastRequest = undefined;
});
afterEach(() => {
  requestLock.stop();
  vi.restoreAllMocks();
});

describe('conversation', () => {
  it('streams an answer into the chat and stores both messages', async () => {
    await setUp(scriptedProvider(['Hel', 'lo ', 'wörld']));
    expect(await conversation.send('hi there')).toBe(true);
    const [q, a] = conversation.messages;
    expect(q).toMatchObject({ role: 'user', content: 'hi there' });
    expect(a).toMatchObject({ role: 'assistant', content: 'Hello wörld', status: 'done' });
    expect(a!.stats?.evalCount).toBe(3);
    const stored = await messagesDb.ofSession(sessions.activeId!);
    expect(stored.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'hi there', 'done'],
      ['assistant', 'Hello wörld', 'done'],
    ]);
    expect(sessions.list[0]?.title).toBe('hi there');
  });

  it('refuses a second question while one is pending (the lock)', async () => {
    await setUp(scriptedProvider(['a', 'b', 'c'], 20));
    const first = conversation.send('one');
    expect(await conversation.send('two')).toBe(false);
    await first;
    expect(conversation.messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('Stop keeps the partial answer, marked stopped, in memory and in storage', async () => {
    await setUp(scriptedProvider(['one ', 'two ', 'three ', 'four ', 'five'], 15));
    const pending = conversation.send('count');
    await vi.waitFor(() => expect(conversation.messages.at(-1)?.content).toContain('two'));
    conversation.stop();
    await pending;
    const answer = conversation.messages.at(-1)!;
    expect(answer.status).toBe('stopped');
    expect(answer.content).not.toContain('five');
    const stored = (await messagesDb.ofSession(sessions.activeId!)).at(-1)!;
    expect(stored).toMatchObject({ status: 'stopped', content: answer.content });
    expect(requestLock.isLocked).toBe(false);
  });

  it('an error after some text keeps the text and shows the error', async () => {
    await setUp(scriptedProvider(['partial '], 1, new Error('model runner has unexpectedly stopped')));
    await conversation.send('q');
    const answer = conversation.messages.at(-1)!;
    expect(answer).toMatchObject({ status: 'error', content: 'partial ' });
    expect(conversation.alert?.title).toContain('unexpectedly stopped');
  });

  it('sends the history and the system prompt as context on the next turn', async () => {
    await setUp(scriptedProvider(['A1']));
    await sessions.update(sessions.activeId!, { systemPrompt: 'Be brief.', options: { temperature: 0.2 } });
    await conversation.send('Q1');
    await conversation.send('Q2');
    expect(lastRequest?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
    ]);
    expect(lastRequest?.options).toEqual({ temperature: 0.2 });
  });

  it('a full disk is reported and loses nothing already saved', async () => {
    await setUp(scriptedProvider(['fine']));
    await conversation.send('saved before');
    const put = vi.spyOn(messagesDb, 'put').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    vi.spyOn(messagesDb, 'putMany').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    await conversation.send('not saved');
    expect(put).toHaveBeenCalled();
    expect(conversation.alert?.kind).toBe('quota');
    vi.restoreAllMocks();
    const stored = await messagesDb.ofSession(sessions.activeId!);
    expect(stored.map((m) => m.content)).toEqual(['saved before', 'fine']);
  });

  it('an answer left streaming by a closed tab is shown stopped, with its text', async () => {
    await setUp(scriptedProvider([]));
    await conversation.send('q');
    const id = sessions.activeId!;
    const [q] = await messagesDb.ofSession(id);
    await messagesDb.put({
      id: 'orphan',
      sessionId: id,
      parentId: q!.id,
      role: 'assistant',
      content: 'half an ans',
      status: 'streaming',
      createdAt: Date.now() + 10,
    });
    await conversation.open(id);
    expect(conversation.messages.at(-1)).toMatchObject({ content: 'half an ans', status: 'stopped' });
    expect((await messagesDb.ofSession(id)).at(-1)?.status).toBe('stopped');
  });
});
