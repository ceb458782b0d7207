import { beforeEach, describe, expect, it } from 'vitest';
import { messagesDb, sessionsDb } from '../../../src/lib/storage/db';
import type { MessageRecord } from '../../../src/lib/storage/types';
import { notify } from '../../../src/stores/notify.svelte';
import { sessions, titleFrom } from '../../../src/stores/sessions.svelte';
import { resetAll } from './reset';

const message = (sessionId: string, id: string, content: string): MessageRecord => ({
  id,
  sessionId,
  parentId: null,
  role: 'user',
  content,
  status: 'done',
  createdAt: Date.now(),
});

beforeEach(resetAll);

describe('sessions store', () => {
  it('a new chat is a draft until its first question, then stored and listed first with a title from it', async () => {
    await sessions.init();
    const draft = sessions.newDraft('srv', 'llama3.2');
    expect(sessions.isDraft).toBe(true);
    expect(sessions.list).toEqual([]);
    expect(await sessionsDb.all()).toEqual([]);
    const stored = await sessions.commitDraft('How do closures work in JavaScript?\nAnd why?');
    expect(stored.id).toBe(draft.id);
    expect(sessions.isDraft).toBe(false);
    expect(sessions.list.map((s) => s.title)).toEqual(['How do closures work in JavaScript?']);
    expect((await sessionsDb.get(draft.id))?.model).toBe('llama3.2');
  });

  it('a draft whose first question could not be saved leaves no chat in the list or in storage', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const stored = await sessions.commitDraft('lost?');
    await sessions.uncommit(stored);
    expect(sessions.list).toEqual([]);
    expect(await sessionsDb.all()).toEqual([]);
    expect(sessions.isDraft).toBe(true);
    expect(sessions.activeId).toBe(stored.id);
  });

  it('a turn moves the chat to the top and remembers its branch, in one write', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const a = await sessions.commitDraft('older');
    sessions.newDraft('srv', 'm', { fresh: true });
    const b = await sessions.commitDraft('newer');
    expect(sessions.list.map((s) => s.id)).toEqual([b.id, a.id]);
    await sessions.afterTurn(a.id, 'leaf-1');
    expect(sessions.list.map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await sessionsDb.get(a.id))?.leafId).toBe('leaf-1');
  });

  it('delete offers Undo, which brings back the chat and its messages', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const s = await sessions.commitDraft('keep me');
    await messagesDb.putMany([message(s.id, 'q', 'keep me')]);
    await sessions.remove(s.id);
    expect(sessions.list).toEqual([]);
    expect(await messagesDb.ofSession(s.id)).toEqual([]);
    expect(notify.toast).toMatchObject({ text: 'Deleted “keep me”', canUndo: true });
    await notify.undo();
    expect(sessions.list.map((x) => x.title)).toEqual(['keep me']);
    expect((await messagesDb.ofSession(s.id)).map((x) => x.content)).toEqual(['keep me']);
    expect(notify.toast.canUndo).toBe(false);
  });

  it('search finds chats by title and by any message, every word, case-insensitively', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const a = await sessions.commitDraft('Recursion');
    sessions.newDraft('srv', 'm', { fresh: true });
    const b = await sessions.commitDraft('Lists');
    await messagesDb.putMany([
      message(a.id, 'a1', 'the base case'),
      message(b.id, 'b1', 'Python lists and CASE'),
    ]);
    await sessions.search('case');
    expect(sessions.visible.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    await sessions.search('case python');
    expect(sessions.visible.map((s) => s.id)).toEqual([b.id]);
    await sessions.search('');
    expect(sessions.visible).toHaveLength(2);
  });

  it('search reads a long history in batches: words from the title and from different messages, far apart, make a match', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const a = await sessions.commitDraft('Sorting');
    sessions.newDraft('srv', 'm', { fresh: true });
    const b = await sessions.commitDraft('Graphs');
    // 450 messages, more than four batches: the words sit in the first and the last ones.
    const history = Array.from({ length: 450 }, (_, i) =>
      message(i % 2 ? a.id : b.id, `m${String(i).padStart(3, '0')}`, `filler ${i}`),
    );
    history[0] = message(b.id, 'm000', 'Dijkstra and a heap');
    history[448] = message(b.id, 'm448', 'and then its QUEUE');
    history[449] = message(a.id, 'm449', 'merge sort uses a queue too');
    await messagesDb.putMany(history);

    await sessions.search('heap queue');
    expect(sessions.visible.map((s) => s.id)).toEqual([b.id]);
    await sessions.search('queue');
    expect(sessions.visible.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    // One word from the title, the other from the last message of the history.
    await sessions.search('sorting merge');
    expect(sessions.visible.map((s) => s.id)).toEqual([a.id]);
    await sessions.search('heap sorting');
    expect(sessions.visible).toEqual([]);
  });

  it('a search begun later wins over one still reading', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const a = await sessions.commitDraft('Alpha');
    await messagesDb.putMany(
      Array.from({ length: 300 }, (_, i) => message(a.id, `x${String(i).padStart(3, '0')}`, `word ${i}`)),
    );
    const first = sessions.search('nothing-like-this');
    const second = sessions.search('alpha');
    await Promise.all([first, second]);
    expect(sessions.visible.map((s) => s.id)).toEqual([a.id]);
  });

  it('rename ignores a blank title', async () => {
    await sessions.init();
    sessions.newDraft('srv', 'm');
    const s = await sessions.commitDraft('first');
    await sessions.rename(s.id, '   ');
    expect(sessions.list[0]?.title).toBe('first');
    await sessions.rename(s.id, ' Renamed ');
    expect((await sessionsDb.get(s.id))?.title).toBe('Renamed');
  });

  it('titles are cut at a word boundary', () => {
    expect(titleFrom('a '.repeat(50) + 'end')).toMatch(/…$/);
    expect(titleFrom('a '.repeat(50)).length).toBeLessThanOrEqual(61);
  });
});
