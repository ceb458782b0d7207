// A drawn answer leaves in an export with its pictures and settings, and comes back the same.
import { Blob as NodeBlob } from 'node:buffer';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { imagesDb, messagesDb, resetStorageHandles, sessionsDb } from '../../../src/lib/storage/db';
import { applyImport, exportJson, exportSessions, parseImport } from '../../../src/lib/storage/transfer';
import type { MessageRecord, SessionRecord } from '../../../src/lib/storage/types';

// fake-indexeddb clones with Node's structuredClone, which keeps Node's Blob (as a browser keeps its own).
const JsdomBlob = globalThis.Blob;
beforeAll(() => {
  globalThis.Blob = NodeBlob as unknown as typeof Blob;
});
afterAll(() => {
  globalThis.Blob = JsdomBlob;
});
const freshDb = () => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
};
beforeEach(freshDb);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const session: SessionRecord = {
  id: 's1',
  title: 'a red square',
  createdAt: 1,
  updatedAt: 2,
  systemPrompt: '',
  options: {},
};
const question: MessageRecord = {
  id: 'q1',
  sessionId: 's1',
  parentId: null,
  role: 'user',
  content: 'a red square',
  status: 'done',
  createdAt: 10,
};
const drawn: MessageRecord = {
  id: 'a1',
  sessionId: 's1',
  parentId: 'q1',
  role: 'assistant',
  content: '',
  status: 'done',
  model: 'x/z-image-turbo:latest',
  imageIds: ['gen-1'],
  imageGen: { prompt: 'a red square', width: 256, height: 256, steps: 6, seed: 42 },
  createdAt: 11,
};

async function bytesOf(id: string): Promise<number[]> {
  const v = (await imagesDb.get(id)) as unknown;
  const buf = v instanceof NodeBlob ? await v.arrayBuffer() : (v as { bytes: ArrayBuffer }).bytes;
  return [...new Uint8Array(buf)];
}

describe('drawn answers in export and import', () => {
  it('carries the pictures and the prompt and settings they were made with', async () => {
    await sessionsDb.put(session);
    await messagesDb.putMany([question, drawn]);
    await imagesDb.put('gen-1', new Blob([PNG], { type: 'image/png' }));
    const text = exportJson(await exportSessions());

    freshDb();
    const plan = parseImport(text);
    if (!plan.ok) throw new Error(plan.message);
    expect(await applyImport(plan)).toMatchObject({ ok: true, messages: 2, images: 1 });
    const back = await messagesDb.ofSession('s1');
    expect(back.find((m) => m.id === 'a1')).toEqual(drawn);
    expect(await bytesOf('gen-1')).toEqual([...PNG]);
  });

  it('refuses settings of the wrong shape and writes nothing', async () => {
    await sessionsDb.put(session);
    await messagesDb.putMany([question, drawn]);
    await imagesDb.put('gen-1', new Blob([PNG], { type: 'image/png' }));
    const file = JSON.parse(exportJson(await exportSessions())) as {
      sessions: { messages: { imageGen?: Record<string, unknown> }[] }[];
    };
    file.sessions[0]!.messages[1]!.imageGen!.width = '256; drop';
    freshDb();
    const plan = parseImport(JSON.stringify(file));
    expect(plan.ok).toBe(false);
    expect(await messagesDb.ofSession('s1')).toEqual([]);
  });
});
