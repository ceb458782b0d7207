import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  messagesDb,
  migrate,
  metaDb,
  resetStorageHandles,
  sessionsDb,
  SCHEMA_VERSION,
} from '../../../src/lib/storage/db';
import type { MessageRecord, SessionRecord } from '../../../src/lib/storage/types';

const session = (id: string, updatedAt = 1): SessionRecord => ({
  id,
  title: `chat ${id}`,
  createdAt: 1,
  updatedAt,
  systemPrompt: '',
  options: {},
});

let clock = 1000;
const message = (
  sessionId: string,
  content: string,
  role: MessageRecord['role'] = 'user',
): MessageRecord => ({
  id: `m${clock}`,
  sessionId,
  parentId: null,
  role,
  content,
  status: 'done',
  createdAt: clock++,
});

// A fresh, empty IndexedDB for every test.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
});

describe('storage', () => {
  it('records the schema version on first start', async () => {
    await migrate();
    expect(await metaDb.get('schemaVersion')).toBe(SCHEMA_VERSION);
  });

  it('reads one session’s messages in order, and only that session’s', async () => {
    await sessionsDb.put(session('a'));
    await sessionsDb.put(session('ab'));
    const a1 = message('a', 'first');
    const b1 = message('ab', 'other chat');
    const a2 = message('a', 'second', 'assistant');
    await messagesDb.putMany([a2, b1, a1]);
    const got = await messagesDb.ofSession('a');
    expect(got.map((m) => m.content)).toEqual(['first', 'second']);
  });

  it('updating a message rewrites that one record, not the session', async () => {
    const a1 = message('a', 'q');
    const a2 = message('a', '', 'assistant');
    await messagesDb.putMany([a1, a2]);
    await messagesDb.put({ ...a2, content: 'partial', status: 'streaming' });
    await messagesDb.put({ ...a2, content: 'partial answer', status: 'done' });
    const got = await messagesDb.ofSession('a');
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ content: 'partial answer', status: 'done' });
  });

  it('deleting a session’s messages leaves the other sessions intact', async () => {
    await messagesDb.putMany([message('a', '1'), message('b', '2'), message('a', '3')]);
    await messagesDb.removeSession('a');
    expect(await messagesDb.ofSession('a')).toEqual([]);
    expect((await messagesDb.ofSession('b')).map((m) => m.content)).toEqual(['2']);
  });
});
