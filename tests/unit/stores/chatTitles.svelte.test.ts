// Naming a chat after its first answer: renamed with the model's title, never over a name the user
// gave meanwhile, silent when it fails, and only when the setting is on (never for in-page models).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatChunk, ChatRequest, Provider, ServerKind } from '../../../src/lib/providers/types';
import type { MessageRecord } from '../../../src/lib/storage/types';
import { sessionsDb } from '../../../src/lib/storage/db';
import { nameChat, nameFirstChat } from '../../../src/stores/chatTitles';
import { notify } from '../../../src/stores/notify.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';
import { settings } from '../../../src/stores/settings.svelte';
import { resetAll } from './reset';

/** A provider whose chat answers `reply` once `release` is called (or at once). */
function fakeProvider(reply: string | Error, kind: ServerKind = 'ollama') {
  const requests: ChatRequest[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const provider = {
    kind,
    async *chat(request: ChatRequest): AsyncGenerator<ChatChunk> {
      requests.push(request);
      await gate;
      if (reply instanceof Error) throw reply;
      yield { type: 'content', text: reply };
      yield { type: 'done', stats: {} };
    },
  } as unknown as Provider;
  return { provider, requests, release };
}

const msg = (role: 'user' | 'assistant', content: string, sessionId: string): MessageRecord => ({
  id: `${role}-1`,
  sessionId,
  parentId: role === 'user' ? null : 'user-1',
  role,
  content,
  status: 'done',
  model: 'llama3.2:latest',
  createdAt: 1,
});

async function firstTurn(q = 'how do I sort a list in python') {
  await sessions.init();
  sessions.newDraft('srv', 'llama3.2:latest');
  const session = await sessions.commitDraft(q);
  return {
    session,
    question: msg('user', q, session.id),
    answer: msg('assistant', 'Use sorted().', session.id),
  };
}

const titleOf = (id: string) => sessions.list.find((s) => s.id === id)?.title;

beforeEach(async () => {
  await resetAll();
  await settings.load();
});
afterEach(() => vi.restoreAllMocks());

describe('nameChat', () => {
  it('renames the chat with the cleaned title, in storage too', async () => {
    const { session, question, answer } = await firstTurn();
    const { provider, requests, release } = fakeProvider('"Sorting Lists in Python"');
    release();
    await nameChat(session, question, answer, provider, ['completion']);
    expect(titleOf(session.id)).toBe('Sorting Lists in Python');
    expect((await sessionsDb.get(session.id))?.title).toBe('Sorting Lists in Python');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ model: 'llama3.2:latest', stream: false });
  });

  it('keeps the name the user gave while the title was on its way', async () => {
    const { session, question, answer } = await firstTurn();
    const { provider, requests, release } = fakeProvider('Sorting Lists');
    const naming = nameChat(session, question, answer, provider, []);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await sessions.rename(session.id, 'My python notes');
    release();
    await naming;
    expect(titleOf(session.id)).toBe('My python notes');
  });

  it('asks nothing of a chat already renamed', async () => {
    const { session, question, answer } = await firstTurn();
    await sessions.rename(session.id, 'Mine');
    const { provider, requests, release } = fakeProvider('Sorting Lists');
    release();
    await nameChat(session, question, answer, provider, []);
    expect(requests).toHaveLength(0);
    expect(titleOf(session.id)).toBe('Mine');
  });

  it('a failure or an answer with no words leaves the title as it was, with no alert', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { session, question, answer } = await firstTurn();
    const failing = fakeProvider(new Error('connection reset'));
    failing.release();
    await nameChat(session, question, answer, failing.provider, []);
    const empty = fakeProvider('"" …');
    empty.release();
    await nameChat(session, question, answer, empty.provider, []);
    expect(titleOf(session.id)).toBe('how do I sort a list in python');
    expect(notify.alert).toBeNull();
    expect(debug).toHaveBeenCalledTimes(1);
  });
});

describe('nameFirstChat (after an answer is done)', () => {
  async function run(opts: { on: boolean; kind?: ServerKind; compareId?: string; history?: number }) {
    await settings.setGenerateTitles(opts.on);
    const { session, question, answer } = await firstTurn();
    const { provider, requests, release } = fakeProvider('Sorting Lists', opts.kind);
    release();
    const history = opts.history === 3 ? [question, answer, question] : [question];
    await nameFirstChat({ ...answer, compareId: opts.compareId }, history, session, provider, []);
    return { requests, title: titleOf(session.id) };
  }

  it('is off by default', async () => {
    expect(settings.generateTitles).toBe(false);
  });

  it('names the first answer when the setting is on', async () => {
    const r = await run({ on: true });
    expect(r.requests).toHaveLength(1);
    expect(r.title).toBe('Sorting Lists');
  });

  it('asks nothing when off, for a model run in this browser, for Compare, or after a later answer', async () => {
    for (const opts of [
      { on: false },
      { on: true, kind: 'browser' as const },
      { on: true, compareId: 'c1' },
      { on: true, history: 3 },
    ]) {
      await resetAll();
      const r = await run(opts);
      expect(r.requests, JSON.stringify(opts)).toHaveLength(0);
      expect(r.title).toBe('how do I sort a list in python');
    }
  });
});
