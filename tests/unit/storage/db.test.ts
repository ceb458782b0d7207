import { Blob as NodeBlob } from 'node:buffer';
import { IDBFactory } from 'fake-indexeddb';
import { allMessages } from './allMessages';
import { createStore, entries } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  imagesDb,
  messageKey,
  messagesDb,
  migrate,
  metaDb,
  MESSAGES_DB_VERSION,
  NotAnImageError,
  resetStorageHandles,
  sessionsDb,
  SCHEMA_VERSION,
} from '../../../src/lib/storage/db';
import { holdForUndo, holdImages, removeOrphanImages } from '../../../src/lib/storage/imageGc';
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
  extra: Partial<MessageRecord> = {},
): MessageRecord => ({
  id: `m${clock}`,
  sessionId,
  parentId: null,
  role,
  content,
  status: 'done',
  createdAt: clock++,
  ...extra,
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7]);
const SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

// A fresh, empty IndexedDB for every test.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
});

/** Opens a database the way schema 1 (idb-keyval) made it: version 1, one store, no index. */
function openV1(name: string, store: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(store);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function putRaw(db: IDBDatabase, store: string, key: IDBValidKey, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

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
    await sessionsDb.put(session('a', 5));
    const a1 = message('a', 'q');
    const a2 = message('a', '', 'assistant');
    await messagesDb.putMany([a1, a2]);
    await messagesDb.put({ ...a2, content: 'partial', status: 'streaming' });
    await messagesDb.put({ ...a2, content: 'partial answer', status: 'done' });
    const got = await messagesDb.ofSession('a');
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ content: 'partial answer', status: 'done' });
    // The session record is untouched: same title, same updatedAt.
    expect(await sessionsDb.get('a')).toEqual(session('a', 5));
  });

  it('deleting a session’s messages leaves the other sessions intact', async () => {
    await sessionsDb.put(session('a'));
    await sessionsDb.put(session('b', 7));
    await messagesDb.putMany([message('a', '1'), message('b', '2'), message('a', '3')]);
    await messagesDb.removeSession('a');
    expect(await messagesDb.ofSession('a')).toEqual([]);
    expect((await messagesDb.ofSession('b')).map((m) => m.content)).toEqual(['2']);
    // Deleting messages is not deleting chats: both session records are still there, unchanged.
    expect(await sessionsDb.get('a')).toEqual(session('a'));
    expect(await sessionsDb.get('b')).toEqual(session('b', 7));
  });
});

describe('an answer still being finished when its message is deleted', () => {
  it('a late write of a deleted answer does not bring it back', async () => {
    const q = message('a', 'question');
    const a = message('a', '', 'assistant', { parentId: q.id, status: 'streaming' });
    await messagesDb.putMany([q, a]);
    expect(await messagesDb.update({ ...a, content: 'so far' })).toBe(true);
    await messagesDb.removeMany([q, a]);
    // The answer's last write comes after the delete.
    expect(await messagesDb.update({ ...a, content: 'so far, and the end', status: 'done' })).toBe(false);
    expect(await messagesDb.ofSession('a')).toEqual([]);
  });

  it('a write of a stored answer rewrites it', async () => {
    const a = message('a', '', 'assistant', { status: 'streaming' });
    await messagesDb.put(a);
    await messagesDb.update({ ...a, content: 'whole', status: 'done' });
    expect(await messagesDb.ofSession('a')).toEqual([{ ...a, content: 'whole', status: 'done' }]);
  });

  it('a question and its answer are deleted together, and only they', async () => {
    const keep = message('a', 'kept');
    const q = message('a', 'two', 'user', { parentId: keep.id });
    const a = message('a', 'answer two', 'assistant', { parentId: q.id });
    await messagesDb.putMany([keep, q, a]);
    await messagesDb.removeMany([q, a]);
    expect((await messagesDb.ofSession('a')).map((m) => m.content)).toEqual(['kept']);
  });
});

describe('a chat is read and deleted by its exact id', () => {
  // Keys are `${sessionId}\u0000${createdAt}\u0000${id}`: a session id that starts with another
  // chat's id followed by \u0000 sorts inside that chat's key range.
  const victim = 'victim';
  const planted = [`${victim}\u0000`, `${victim}\u0000${String(clock).padStart(15, '0').slice(0, 12)}`];

  it('messages of a session named `<victimId>\\u0000…` never show in the victim’s chat', async () => {
    const question = message(victim, 'my question');
    await messagesDb.put(question);
    for (const id of planted) await messagesDb.put(message(id, `planted in ${JSON.stringify(id)}`));
    expect(await messagesDb.ofSession(victim)).toEqual([question]);
  });

  it('deleting a session named `<victimId>\\u0000…` leaves the victim’s messages', async () => {
    const question = message(victim, 'my question');
    const answer = message(victim, 'my answer', 'assistant');
    await messagesDb.putMany([question, answer]);
    for (const id of planted) {
      await messagesDb.put(message(id, 'planted'));
      await messagesDb.removeSession(id);
      expect(await messagesDb.ofSession(id)).toEqual([]);
    }
    expect(await messagesDb.ofSession(victim)).toEqual([question, answer]);
  });
});

describe('migration from schema 1', () => {
  async function seedV1() {
    const q = message('old', 'old question');
    const a = message('old', 'old answer', 'assistant', { imageIds: ['png1'] });
    const other = message('old2', 'other chat');
    const messages = await openV1('causerie-messages', 'messages');
    for (const m of [q, a, other]) await putRaw(messages, 'messages', messageKey(m), m);
    messages.close();
    const images = await openV1('causerie-images', 'images');
    // Schema 1 stored Blobs. Node's Blob survives fake-indexeddb's cloning as a browser's does.
    await putRaw(images, 'images', 'png1', new NodeBlob([PNG], { type: 'image/png' }));
    await putRaw(images, 'images', 'svg1', new NodeBlob([SVG], { type: 'image/svg+xml' }));
    images.close();
    const meta = await openV1('causerie-meta', 'meta');
    await putRaw(meta, 'meta', 'schemaVersion', 1);
    meta.close();
    return { q, a, other };
  }

  it('keeps every message, reads chats through the new index, and turns Blobs into bytes', async () => {
    const { q, a, other } = await seedV1();
    await migrate();
    expect(await metaDb.get('schemaVersion')).toBe(2);
    expect(await messagesDb.ofSession('old')).toEqual([q, a]);
    expect(await messagesDb.ofSession('old2')).toEqual([other]);
    expect(await allMessages()).toHaveLength(3);

    const version = await new Promise<number>((resolve) => {
      const req = indexedDB.open('causerie-messages');
      req.onsuccess = () => {
        resolve(req.result.version);
        req.result.close();
      };
    });
    expect(version).toBe(MESSAGES_DB_VERSION);

    const raw = new Map(await entries<string, unknown>(createStore('causerie-images', 'images')));
    const png = raw.get('png1') as { bytes: ArrayBuffer; type: string };
    expect(png.type).toBe('image/png');
    expect([...new Uint8Array(png.bytes)]).toEqual([...PNG]);
    // A record that is not a raster image is left as it was (an upgrade deletes nothing), and reads as missing.
    expect(raw.get('svg1')).toBeInstanceOf(NodeBlob);
    expect(await imagesDb.get('svg1')).toBeUndefined();
  });

  it('still reads a Blob record written by schema 1 before the migration ran', async () => {
    await seedV1();
    const got = await imagesDb.get('png1');
    expect(got?.type).toBe('image/png');
    expect([...new Uint8Array(got!.bytes)]).toEqual([...PNG]);
  });

  it('running the migration twice changes nothing', async () => {
    const { q, a } = await seedV1();
    await migrate();
    resetStorageHandles();
    await migrate();
    expect(await messagesDb.ofSession('old')).toEqual([q, a]);
    expect((await imagesDb.get('png1'))?.type).toBe('image/png');
  });
});

describe('images', () => {
  it('are stored as bytes plus the type their bytes say, whatever type was declared', async () => {
    await imagesDb.put('a', new Blob([JPEG], { type: 'image/png' }));
    await imagesDb.put('b', PNG);
    const raw = new Map(
      await entries<string, { bytes: ArrayBuffer; type: string }>(createStore('causerie-images', 'images')),
    );
    expect(Object.prototype.toString.call(raw.get('a')?.bytes)).toBe('[object ArrayBuffer]');
    expect(raw.get('a')?.type).toBe('image/jpeg');
    expect(raw.get('b')?.type).toBe('image/png');
    const [a, b, missing] = await imagesDb.getMany(['a', 'b', 'nope']);
    expect([...new Uint8Array(a!.bytes)]).toEqual([...JPEG]);
    expect([...new Uint8Array(b!.bytes)]).toEqual([...PNG]);
    expect(missing).toBeUndefined();
  });

  it('anything that is not PNG, JPEG, WebP or GIF is refused, even when declared as an image', async () => {
    await expect(imagesDb.put('s', new Blob([SVG], { type: 'image/png' }))).rejects.toBeInstanceOf(
      NotAnImageError,
    );
    await expect(imagesDb.put('h', new TextEncoder().encode('<html>'))).rejects.toBeInstanceOf(
      NotAnImageError,
    );
    expect(await imagesDb.keys()).toEqual([]);
  });

  it('removeOrphanImages deletes exactly the images no stored message refers to', async () => {
    for (const id of ['kept1', 'kept2', 'orphan1', 'orphan2']) await imagesDb.put(id, PNG);
    await messagesDb.putMany([
      message('a', 'q', 'user', { imageIds: ['kept1'] }),
      message('b', 'q', 'user', { imageIds: ['kept2', 'gone-already'] }),
    ]);
    expect((await removeOrphanImages(undefined, { recheckMs: 0 })).sort()).toEqual(['orphan1', 'orphan2']);
    expect((await imagesDb.keys()).sort()).toEqual(['kept1', 'kept2']);

    // After a chat is deleted its images go too; the other chat's stay.
    await messagesDb.removeSession('a');
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual(['kept1']);
    expect(await imagesDb.keys()).toEqual(['kept2']);
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual([]);
  });

  it('an image shared by two messages stays until neither refers to it', async () => {
    await imagesDb.put('shared', PNG);
    const m1 = message('a', 'q', 'user', { imageIds: ['shared'] });
    const m2 = message('a', 'edited q', 'user', { imageIds: ['shared'] });
    await messagesDb.putMany([m1, m2]);
    await messagesDb.remove(m1);
    expect(await removeOrphanImages(['shared'])).toEqual([]);
    await messagesDb.remove(m2);
    expect(await removeOrphanImages(['shared'])).toEqual(['shared']);
  });

  it('finds the references of a long history read a hundred messages at a time', async () => {
    for (const id of ['first', 'last', 'orphan']) await imagesDb.put(id, PNG);
    const history = Array.from({ length: 250 }, (_, i) => message('long', `q${i}`));
    history[0] = { ...history[0]!, imageIds: ['first'] };
    history[249] = { ...history[249]!, imageIds: ['last'] };
    await messagesDb.putMany(history);
    expect(await messagesDb.imageRefs()).toEqual(new Set(['first', 'last']));
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual(['orphan']);
    expect((await imagesDb.keys()).sort()).toEqual(['first', 'last']);
  });

  it('an image stored for a question being saved is not collected meanwhile (same tab)', async () => {
    await imagesDb.put('new', PNG);
    const release = holdImages(['new']);
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual([]);
    await messagesDb.put(message('a', 'look', 'user', { imageIds: ['new'] }));
    release();
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual([]);
    expect(await imagesDb.keys()).toEqual(['new']);
  });

  it('a sweep of every image deletes only what is still unreferenced after a moment (another tab saving)', async () => {
    await imagesDb.put('other-tab', PNG);
    await imagesDb.put('orphan', PNG);
    const sweep = removeOrphanImages(undefined, { recheckMs: 50 });
    // Another tab saves its question while the sweep waits.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await messagesDb.put(message('b', 'look', 'user', { imageIds: ['other-tab'] }));
    expect(await sweep).toEqual(['orphan']);
    expect(await imagesDb.keys()).toEqual(['other-tab']);
  });

  it('a deleted chat keeps its images while Undo is on offer, then they go', async () => {
    await imagesDb.put('pic', PNG);
    const images = holdForUndo(['pic']);
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual([]);
    await images.expire();
    expect(await imagesDb.keys()).toEqual([]);
  });
});
