import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatChunk, ChatRequest, Provider } from '../../../src/lib/providers/types';
import { messagesDb, resetStorageHandles } from '../../../src/lib/storage/db';
import { conversation } from '../../../src/stores/conversation.svelte';
import { models } from '../../../src/stores/models.svelte';
import { notify } from '../../../src/stores/notify.svelte';
import { requestLock } from '../../../src/stores/requestLock.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';

/** A provider that streams the given tokens, one every `gapMs`, honouring the abort signal. */
/** A provider that streams `tokens`; with `holdAt`, it waits after that many for the Stop. */
function scriptedProvider(tokens: string[], gapMs = 5, failAfter?: Error, holdAt?: number): Provider {
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
      for (const [i, t] of tokens.entries()) {
        if (i === holdAt) {
          // However slow the machine, the test's Stop comes while the answer is still going.
          await new Promise((r) => req.signal?.addEventListener('abort', r, { once: true }));
        }
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
  servers.reset();
  sessions.reset();
  models.reset();
  conversation.reset();
  notify.dismiss();
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
    await setUp(scriptedProvider(['one ', 'two ', 'three ', 'four ', 'five'], 15, undefined, 2));
    const pending = conversation.send('count');
    await vi.waitFor(() => expect(conversation.messages.at(-1)?.content).toContain('two'));
    conversation.stop();
    await pending;
    const answer = conversation.messages.at(-1)!;
    expect(answer.status).toBe('stopped');
    expect(answer.content).toBe('one two ');
    const stored = (await messagesDb.ofSession(sessions.activeId!)).at(-1)!;
    expect(stored).toMatchObject({ status: 'stopped', content: answer.content });
    expect(requestLock.isLocked).toBe(false);
  });

  it('an error after some text keeps the text and shows the error', async () => {
    await setUp(scriptedProvider(['partial '], 1, new Error('model runner has unexpectedly stopped')));
    await conversation.send('q');
    const answer = conversation.messages.at(-1)!;
    expect(answer).toMatchObject({ status: 'error', content: 'partial ' });
    expect(answer.error?.detail).toContain('unexpectedly stopped');
    expect(notify.alert?.detail).toContain('unexpectedly stopped');
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
    vi.spyOn(messagesDb, 'put').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    const putMany = vi
      .spyOn(messagesDb, 'putMany')
      .mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    const listed = sessions.list.length;
    // Not sent: the composer keeps the text; nothing half-saved is left on screen.
    expect(await conversation.send('not saved')).toBe(false);
    expect(putMany).toHaveBeenCalled();
    expect(notify.alert?.kind).toBe('quota');
    expect(conversation.messages.map((m) => m.content)).toEqual(['saved before', 'fine']);
    expect(sessions.list).toHaveLength(listed);
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
    // The tab that was closed had made the streaming answer the chat's current branch.
    await sessions.update(id, { leafId: 'orphan' });
    await conversation.open(id);
    expect(conversation.messages.at(-1)).toMatchObject({ content: 'half an ans', status: 'stopped' });
    expect((await messagesDb.ofSession(id)).at(-1)?.status).toBe('stopped');
  });

  it('regenerating keeps the earlier answer as an alternative and continues from the new one', async () => {
    let n = 0;
    const base = scriptedProvider([]);
    await setUp({
      ...base,
      async *chat() {
        n++;
        yield { type: 'content', text: `answer ${n}` };
        yield { type: 'done', stats: {} };
      },
    } as Provider);
    await conversation.send('question');
    const first = conversation.messages.at(-1)!;
    await conversation.regenerate(first);
    expect(conversation.messages.map((x) => x.content)).toEqual(['question', 'answer 2']);
    expect(conversation.alternatives(conversation.messages.at(-1)!)).toEqual({ count: 2, index: 1 });
    await conversation.showAlternative(conversation.messages.at(-1)!, -1);
    expect(conversation.messages.map((x) => x.content)).toEqual(['question', 'answer 1']);
    // The next question follows the answer on screen, and the choice survives a reopen.
    await conversation.send('follow-up');
    expect(lastRequest?.messages.map((x) => x.content)).toEqual(['question', 'answer 1', 'follow-up']);
    await conversation.open(sessions.activeId);
    expect(conversation.messages.map((x) => x.content)).toEqual([
      'question',
      'answer 1',
      'follow-up',
      'answer 3',
    ]);
  });

  it('editing a question makes a new branch; the old question and its answer stay reachable', async () => {
    await setUp(scriptedProvider(['ok']));
    await conversation.send('first try');
    const q = conversation.messages[0]!;
    await conversation.edit(q, 'second try');
    expect(conversation.messages.map((x) => x.content)).toEqual(['second try', 'ok']);
    expect(lastRequest?.messages).toEqual([{ role: 'user', content: 'second try' }]);
    await conversation.showAlternative(conversation.messages[0]!, -1);
    expect(conversation.messages.map((x) => x.content)).toEqual(['first try', 'ok']);
  });

  it('deleting a message removes it and what followed it, in memory and in storage', async () => {
    await setUp(scriptedProvider(['a']));
    await conversation.send('one');
    await conversation.send('two');
    const two = conversation.messages[2]!;
    await conversation.deleteMessage(two);
    expect(conversation.messages.map((x) => x.content)).toEqual(['one', 'a']);
    expect((await messagesDb.ofSession(sessions.activeId!)).map((x) => x.content)).toEqual(['one', 'a']);
  });

  it('images go to the model with the question, and again as context later', async () => {
    await setUp(scriptedProvider(['I see a pixel']));
    // Images are stored as bytes, which fake-indexeddb keeps as a browser does.
    const png = new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3])], { type: 'image/png' });
    await conversation.send('what is this?', [png]);
    expect(notify.alert).toBeNull();
    expect(lastRequest?.messages[0]?.images).toEqual([{ base64: 'iVBORw0KGgoBAgM=', mime: 'image/png' }]);
    await conversation.send('and now?');
    expect(lastRequest?.messages[0]?.images?.[0]?.base64).toBe('iVBORw0KGgoBAgM=');
    expect(lastRequest?.messages[2]?.images).toBeUndefined();
  });

  it('<think> text inside the content goes to the thinking section', async () => {
    await setUp(scriptedProvider(['<thi', 'nk>hmm</th', 'ink>Answer.']));
    await conversation.send('q');
    expect(conversation.messages.at(-1)).toMatchObject({ thinking: 'hmm', content: 'Answer.' });
  });
});
