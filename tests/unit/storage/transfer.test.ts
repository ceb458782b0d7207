import { IDBFactory } from 'fake-indexeddb';
import { allMessages } from './allMessages';
import { createStore, entries } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  imagesDb,
  messagesDb,
  resetStorageHandles,
  serversDb,
  sessionsDb,
  type StoredImage,
} from '../../../src/lib/storage/db';
import {
  allToMarkdown,
  applyImport,
  exportFileName,
  exportJson,
  exportSessions,
  FILE_SCHEMA_VERSION,
  IMPORT_LIMITS,
  parseImport,
  sessionToMarkdown,
  shownPath,
  type ExportFile,
  type ImportError,
  type ImportPlan,
} from '../../../src/lib/storage/transfer';
import { base64ToBytes, bytesToBase64 } from '../../../src/lib/storage/transferSchema';
import { promptsDb } from '../../../src/lib/storage/promptsDb';
import type {
  MessageRecord,
  SavedPrompt,
  ServerProfile,
  SessionRecord,
} from '../../../src/lib/storage/types';

function freshDb(): void {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
}
beforeEach(freshDb);
afterEach(() => {
  vi.restoreAllMocks();
});

// ---- Fixture: servers with remembered secrets, a branched chat, an errored chat, an empty chat ----

const SECRETS = ['hunter2-SECRET', 'sk-SECRET-key', 'hdr-SECRET-value', 'url-SECRET-pw', 'q-SECRET'];

const servers: ServerProfile[] = [
  {
    id: 'srv-gpu',
    name: 'GPU server',
    kind: 'ollama',
    baseUrl: 'https://gpu.example.edu:11434',
    authType: 'basic',
    username: 'student',
    password: 'hunter2-SECRET',
    rememberSecrets: true,
    origin: 'config',
    createdAt: 10,
  },
  {
    id: 'srv-hdr',
    name: 'Team vLLM',
    kind: 'openai',
    baseUrl: 'http://bob:url-SECRET-pw@llm.lan:8000/v1?key=q-SECRET',
    authType: 'headers',
    apiKey: 'sk-SECRET-key',
    headers: { 'X-Token': 'hdr-SECRET-value' },
    rememberSecrets: true,
    createdAt: 11,
  },
  {
    id: 'srv-unused',
    name: 'Laptop',
    kind: 'ollama',
    baseUrl: 'http://localhost:11434',
    authType: 'none',
    rememberSecrets: false,
    createdAt: 12,
  },
];

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255, 0, 128]);
// Large enough to cross the base64 chunk boundaries several times.
const jpeg = new Uint8Array(300_001);
for (let i = 0; i < jpeg.length; i++) jpeg[i] = (i * 7919 + (i >> 5)) & 0xff;
jpeg.set([0xff, 0xd8, 0xff]);

type Session = SessionRecord & { leafId?: string; pinned?: boolean };

const sessionA: Session = {
  id: 'sA',
  title: 'Branched *chat*',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_900_000,
  serverId: 'srv-gpu',
  model: 'llama3.2',
  systemPrompt: 'Be brief.\nAnswer in French.',
  options: { temperature: 0.7, num_ctx: 8192, stop: ['</s>', '###'], seed: 42 },
  keepAlive: '10m',
  think: true,
  pinned: true,
};

const msg = (over: Partial<MessageRecord> & Pick<MessageRecord, 'id' | 'createdAt'>): MessageRecord => ({
  sessionId: 'sA',
  parentId: null,
  role: 'user',
  content: '',
  status: 'done',
  ...over,
});

const messagesA: MessageRecord[] = [
  msg({ id: 'u1', createdAt: 1_700_000_001_000, content: 'What is in this picture?', imageIds: ['img-png'] }),
  msg({
    id: 'a1',
    parentId: 'u1',
    role: 'assistant',
    createdAt: 1_700_000_002_000,
    content: 'FIRST ANSWER: a cat.',
    model: 'llama3.2',
    serverId: 'srv-gpu',
    stats: { evalCount: 10, evalDurationNs: 500_000_000, totalDurationNs: 1_000_000_000, ttftMs: 120 },
  }),
  msg({
    id: 'a1b',
    parentId: 'u1',
    role: 'assistant',
    createdAt: 1_700_000_003_000,
    content: 'SECOND ANSWER: a small cat.',
    thinking: 'The image shows\na feline.',
    model: 'qwen3:8b',
    serverId: 'srv-hdr',
    compareId: 'cmp-1',
    stats: {
      evalCount: 42,
      promptEvalCount: 7,
      evalDurationNs: 2_000_000_000,
      totalDurationNs: 2_500_000_000,
      doneReason: 'stop',
      wallMs: 2600,
    },
  }),
  msg({ id: 'u2', parentId: 'a1b', createdAt: 1_700_000_004_000, content: 'OLD QUESTION: what colour?' }),
  msg({ id: 'u2b', parentId: 'a1b', createdAt: 1_700_000_005_000, content: 'Which colour is it?' }),
  msg({
    id: 'a2',
    parentId: 'u2b',
    role: 'assistant',
    createdAt: 1_700_000_006_000,
    content: 'Orange, mostly',
    status: 'stopped',
    model: 'qwen3:8b',
  }),
];
(messagesA[5] as MessageRecord & { extra: unknown }).extra = { rating: 5, tags: ['kept'] };

const sessionB: Session = {
  id: 'sB',
  title: 'Errored',
  createdAt: 1_700_000_100_000,
  updatedAt: 1_700_000_200_000,
  serverId: 'srv-hdr',
  systemPrompt: '',
  options: {},
};
const messagesB: MessageRecord[] = [
  msg({
    id: 'b1',
    sessionId: 'sB',
    createdAt: 1_700_000_101_000,
    content: 'Look',
    imageIds: ['img-jpeg', 'img-png'],
  }),
  msg({
    id: 'b2',
    sessionId: 'sB',
    parentId: 'b1',
    role: 'assistant',
    createdAt: 1_700_000_102_000,
    content: '',
    status: 'error',
    error: { kind: 'server', title: 'The server failed', detail: 'HTTP 500' },
  }),
];

const sessionC: Session = {
  id: 'sC',
  title: 'Empty',
  createdAt: 1_700_000_300_000,
  updatedAt: 1_700_000_300_000,
  systemPrompt: '',
  options: {},
};

async function seed(): Promise<void> {
  for (const s of servers) await serversDb.put(s);
  for (const s of [sessionA, sessionB, sessionC]) await sessionsDb.put(s);
  await messagesDb.putMany([...messagesA, ...messagesB]);
  await imagesDb.put('img-png', new Blob([png], { type: 'image/png' }));
  await imagesDb.put('img-jpeg', new Blob([jpeg], { type: 'image/jpeg' }));
  for (const p of savedPrompts) await promptsDb.put(p);
}

const savedPrompts: SavedPrompt[] = [
  {
    id: 'p-pirate',
    name: 'Pirate',
    text: 'Answer like a pirate.',
    kind: 'system',
    createdAt: 1,
    updatedAt: 2,
  },
  { id: 'p-review', name: 'Review', text: 'Review this code:', kind: 'prompt', createdAt: 3, updatedAt: 4 },
];

/** Everything import could touch, as plain data (image bytes included). */
async function dump() {
  // Bytes as base64 text: compared exactly, and far quicker than arrays of numbers.
  const images: Record<string, { type: string; bytes: string }> = {};
  for (const [id, image] of await entries<string, StoredImage>(createStore('causerie-images', 'images'))) {
    images[id] = { type: image.type, bytes: Buffer.from(image.bytes).toString('base64') };
  }
  return {
    servers: await serversDb.all(),
    sessions: await sessionsDb.all(),
    messages: await allMessages(),
    images,
    prompts: (await promptsDb.all()).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

async function exportText(ids?: string[]): Promise<string> {
  return exportJson(await exportSessions(ids));
}

function plan(text: string): ImportPlan {
  const p = parseImport(text);
  if (!p.ok) throw new Error(`unexpected import error: ${p.message}`);
  return p;
}

function failure(text: string): ImportError {
  const p = parseImport(text);
  if (p.ok) throw new Error('expected the import to be refused');
  return p;
}

/** The exported file as an editable object, to corrupt it. */
async function exportedObject(): Promise<ExportFile> {
  return JSON.parse(await exportText()) as ExportFile;
}

const entry = (file: ExportFile, i: number) => file.sessions[i]!;

// ---- Export ----

describe('export', () => {
  it('exports every chat with all branches, options, stats and images, in a versioned file', async () => {
    await seed();
    const file = await exportSessions();
    expect(file).toMatchObject({ format: 'causerie', schemaVersion: FILE_SCHEMA_VERSION, app: 'Causerie' });
    expect(Number.isNaN(Date.parse(file.exportedAt))).toBe(false);
    expect(file.sessions.map((s) => s.session.id)).toEqual(['sA', 'sB', 'sC']);
    expect(entry(file, 0).messages).toHaveLength(6);
    expect(entry(file, 0).session).toEqual(sessionA);
    expect(Object.keys(file.images).sort()).toEqual(['img-jpeg', 'img-png']);
    expect(file.images['img-png']).toEqual({
      mime: 'image/png',
      base64: Buffer.from(png).toString('base64'),
    });
    expect(file.images['img-jpeg']!.base64).toBe(Buffer.from(jpeg).toString('base64'));
    // Only the servers the chats name.
    expect(file.servers?.map((s) => s.id)).toEqual(['srv-gpu', 'srv-hdr']);
  });

  it('exports only the chosen chats, with only their images and servers', async () => {
    await seed();
    const file = await exportSessions(['sB', 'missing']);
    expect(file.sessions.map((s) => s.session.id)).toEqual(['sB']);
    expect(Object.keys(file.images).sort()).toEqual(['img-jpeg', 'img-png']);
    expect(file.servers?.map((s) => s.id)).toEqual(['srv-hdr']);
    const none = await exportSessions(['sC']);
    expect(none.images).toEqual({});
    expect(none.servers).toBeUndefined();
  });

  it('writes pretty JSON with a stable key order', async () => {
    await seed();
    const file = await exportSessions();
    const text = exportJson(file);
    expect(exportJson(JSON.parse(text) as ExportFile)).toBe(text);
    expect(text.startsWith('{\n  "format": "causerie",\n  "schemaVersion": 1,')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(file)));
  });

  it('never exports a password, an API key, a header value or credentials in a URL', async () => {
    await seed();
    const text = await exportText();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const file = JSON.parse(text) as ExportFile;
    const hdr = file.servers?.find((s) => s.id === 'srv-hdr');
    expect(hdr).toMatchObject({
      headers: { 'X-Token': '' },
      baseUrl: 'http://llm.lan:8000/v1',
      rememberSecrets: false,
    });
    expect(hdr).not.toHaveProperty('apiKey');
    const gpu = file.servers?.find((s) => s.id === 'srv-gpu');
    expect(gpu).toMatchObject({ username: 'student', baseUrl: 'https://gpu.example.edu:11434' });
    expect(gpu).not.toHaveProperty('password');
    const md = allToMarkdown(file);
    for (const secret of SECRETS) expect(md).not.toContain(secret);
  });

  it('normalises references the app tolerates so that its own export always imports', async () => {
    await seed();
    await messagesDb.put(
      msg({ id: 'orphan', parentId: 'deleted', createdAt: 1_700_000_007_000, imageIds: ['gone'] }),
    );
    const file = await exportSessions(['sA']);
    const orphan = entry(file, 0).messages.find((m) => m.id === 'orphan');
    expect(orphan?.parentId).toBeNull();
    expect(orphan).not.toHaveProperty('imageIds');
    expect(parseImport(exportJson(file)).ok).toBe(true);
  });

  it('names files by date and chat title', () => {
    const day = new Date(2025, 4, 1, 12);
    expect(exportFileName('json', null, day)).toBe('causerie-2025-05-01.json');
    expect(exportFileName('markdown', { title: 'Déjà vu: a/b "test"!' }, day)).toBe(
      'causerie-deja-vu-a-b-test-2025-05-01.md',
    );
    expect(exportFileName('json', { title: '???' }, day)).toBe('causerie-chat-2025-05-01.json');
  });
});

// ---- Round trip ----

describe('export then import', () => {
  it('gives back the same sessions, messages and images after everything was deleted', async () => {
    await seed();
    const before = await dump();
    const text = await exportText();

    freshDb(); // everything deleted
    const p = plan(text);
    expect(p.counts).toEqual({
      sessions: 3,
      messages: 8,
      images: 2,
      servers: 2,
      prompts: 2,
      imagesRefused: 0,
      truncated: 0,
    });
    const result = await applyImport(p);
    expect(result).toEqual({
      ok: true,
      sessionsAdded: 3,
      sessionsReplaced: 0,
      sessionsSkipped: 0,
      messages: 8,
      images: 2,
      servers: 2,
      prompts: 2,
      imagesRefused: 0,
      truncated: 0,
    });

    const after = await dump();
    expect(after.sessions).toEqual(before.sessions);
    expect(after.messages).toEqual(before.messages);
    expect(after.images).toEqual(before.images);
    expect(after.prompts).toEqual(savedPrompts);
    expect(after.images['img-jpeg']).toEqual({
      type: 'image/jpeg',
      bytes: Buffer.from(jpeg).toString('base64'),
    });
    // Server profiles come back without their secrets, and off until the user accepts each.
    expect(after.servers.map((s) => s.id)).toEqual(['srv-gpu', 'srv-hdr']);
    expect(after.servers.find((s) => s.id === 'srv-gpu')).toEqual({
      id: 'srv-gpu',
      name: 'GPU server',
      kind: 'ollama',
      baseUrl: 'https://gpu.example.edu:11434',
      authType: 'basic',
      username: 'student',
      rememberSecrets: false,
      origin: 'config',
      createdAt: 10,
      imported: 'pending',
    });
  });

  it('importing the same file twice changes nothing the second time', async () => {
    await seed();
    const text = await exportText();
    const before = await dump();
    const result = await applyImport(plan(text));
    expect(result).toMatchObject({ sessionsAdded: 0, sessionsReplaced: 0, sessionsSkipped: 3, servers: 0 });
    expect(await dump()).toEqual(before);
  });

  it('keeps a local server profile (and its secrets) whose id is in the file', async () => {
    await seed();
    const text = await exportText();
    await sessionsDb.remove('sA');
    await applyImport(plan(text));
    const gpu = (await serversDb.all()).find((s) => s.id === 'srv-gpu');
    expect(gpu?.password).toBe('hunter2-SECRET');
  });

  it('imports an answer that was still streaming as stopped', async () => {
    await seed();
    await messagesDb.put({ ...messagesA[5]!, status: 'streaming' });
    const text = await exportText(['sA']);
    freshDb();
    await applyImport(plan(text));
    const a2 = (await messagesDb.ofSession('sA')).find((m) => m.id === 'a2');
    expect(a2?.status).toBe('stopped');
  });
});

// ---- Conflicts ----

describe('conflicts', () => {
  async function withLocalCopy(updatedAt: number): Promise<string> {
    await seed();
    const text = await exportText(['sA']);
    // The local copy of sA diverges: other time, one message only.
    await messagesDb.removeSession('sA');
    await messagesDb.put(msg({ id: 'local', createdAt: 5, content: 'local only' }));
    await sessionsDb.put({ ...sessionA, title: 'local title', updatedAt });
    return text;
  }

  it('replaces a chat by default only when the imported one is newer', async () => {
    const text = await withLocalCopy(1);
    const result = await applyImport(plan(text));
    expect(result).toMatchObject({ sessionsReplaced: 1, sessionsAdded: 0, messages: 6 });
    expect((await sessionsDb.get('sA'))?.title).toBe('Branched *chat*');
    const ids = (await messagesDb.ofSession('sA')).map((m) => m.id);
    expect(ids).toEqual(['u1', 'a1', 'a1b', 'u2', 'u2b', 'a2']);
  });

  it('keeps the local chat by default when it is newer', async () => {
    const text = await withLocalCopy(Number.MAX_SAFE_INTEGER);
    const before = await dump();
    expect(await applyImport(plan(text))).toMatchObject({ sessionsSkipped: 1, sessionsReplaced: 0 });
    expect(await dump()).toEqual(before);
  });

  it('skip always keeps the local chat, replace always takes the imported one', async () => {
    const text = await withLocalCopy(1);
    expect(await applyImport(plan(text), { onConflict: 'skip' })).toMatchObject({ sessionsSkipped: 1 });
    expect((await sessionsDb.get('sA'))?.title).toBe('local title');
    await sessionsDb.put({ ...sessionA, title: 'local title', updatedAt: Number.MAX_SAFE_INTEGER });
    expect(await applyImport(plan(text), { onConflict: 'replace' })).toMatchObject({ sessionsReplaced: 1 });
    expect((await sessionsDb.get('sA'))?.title).toBe('Branched *chat*');
  });
});

// ---- Failed writes roll back ----

describe('a write that fails midway', () => {
  async function scenario(): Promise<{ text: string; before: Awaited<ReturnType<typeof dump>> }> {
    await seed();
    const file = await exportSessions();
    // The file holds a newer sA (replaces the local one), and two new chats with a new image.
    const e0 = entry(file, 0);
    e0.session.updatedAt += 1;
    e0.session.title = 'imported title';
    for (const [i, id] of ['sD', 'sE'].entries()) {
      const src = entry(file, 1);
      file.sessions.push({
        session: { ...src.session, id, title: id },
        messages: src.messages.map((m) => ({
          ...m,
          sessionId: id,
          imageIds: m.imageIds && [`new-img-${i}`],
        })),
      });
      file.images[`new-img-${i}`] = { mime: 'image/png', base64: Buffer.from(png).toString('base64') };
    }
    file.servers = [...(file.servers ?? []), { ...servers[2]!, id: 'srv-new' }];
    const text = exportJson(file);
    // Locally, sA is older and different.
    await messagesDb.put(msg({ id: 'local', createdAt: 5, content: 'local only' }));
    await sessionsDb.put({ ...sessionA, updatedAt: 1 });
    await sessionsDb.remove('sB');
    await messagesDb.removeSession('sB');
    return { text, before: await dump() };
  }

  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('undoes everything when a message write hits the quota', async () => {
    const { text, before } = await scenario();
    const real = messagesDb.putMany;
    let calls = 0;
    vi.spyOn(messagesDb, 'putMany').mockImplementation((ms) =>
      ++calls === 3 ? Promise.reject(quota()) : real(ms),
    );
    const result = await applyImport(plan(text));
    expect(result).toMatchObject({ ok: false, code: 'quota', rolledBack: true });
    expect(result.ok || result.message).toMatch(/no storage space.*Nothing was changed/);
    expect(calls).toBeGreaterThan(3); // the rollback wrote the replaced messages back
    expect(await dump()).toEqual(before);
  });

  it('undoes everything when the last session write fails', async () => {
    const { text, before } = await scenario();
    const real = sessionsDb.put;
    vi.spyOn(sessionsDb, 'put').mockImplementation((s) =>
      s.id === 'sE' ? Promise.reject(new Error('disk on fire')) : real(s),
    );
    const result = await applyImport(plan(text));
    expect(result).toMatchObject({ ok: false, code: 'write-failed', rolledBack: true });
    expect(result.ok || result.message).toContain('disk on fire');
    expect(await dump()).toEqual(before);
  });

  it('undoes everything when an image write fails', async () => {
    const { text, before } = await scenario();
    const real = imagesDb.put;
    vi.spyOn(imagesDb, 'put').mockImplementation((id, b) =>
      id === 'new-img-1' ? Promise.reject(quota()) : real(id, b),
    );
    expect(await applyImport(plan(text))).toMatchObject({ ok: false, code: 'quota', rolledBack: true });
    expect(await dump()).toEqual(before);
  });

  it('says so when the undo itself fails', async () => {
    const { text } = await scenario();
    vi.spyOn(sessionsDb, 'put').mockRejectedValue(new Error('broken'));
    vi.spyOn(messagesDb, 'removeSession').mockRejectedValue(new Error('broken too'));
    const result = await applyImport(plan(text));
    expect(result).toMatchObject({ ok: false, rolledBack: false });
    expect(result.ok || result.message).toMatch(/undoing it failed/);
  });
});

// ---- Refused files ----

describe('a file that is refused', () => {
  async function refused(text: string): Promise<ImportError> {
    const before = await dump();
    const error = failure(text);
    expect(await dump()).toEqual(before);
    return error;
  }

  beforeEach(seed);

  it('bad JSON, with where the problem is', async () => {
    const e = await refused('{\n  "format": "causerie",,\n  "schemaVersion": 1\n}');
    expect(e.code).toBe('syntax');
    expect(e.message).toMatch(/not valid JSON \(the problem is at line 2, column \d+\)/);
    expect((await refused('')).code).toBe('syntax');
  });

  it('truncated JSON', async () => {
    const text = await exportText();
    const e = await refused(text.slice(0, Math.floor(text.length / 2)));
    expect(e).toMatchObject({ code: 'truncated', message: expect.stringMatching(/cut off/) as unknown });
  });

  it('junk that is not an export file', async () => {
    for (const junk of [
      'null',
      '[]',
      '"hello"',
      '42',
      '{"foo": 1}',
      '{"format": "other", "schemaVersion": 1}',
    ])
      expect((await refused(junk)).code).toBe('not-causerie');
    expect((await refused('{"format":"causerie","schemaVersion":"1"}')).message).toBe(
      'schemaVersion: expected a whole number from 0 up',
    );
  });

  it('a file made by a newer Causerie', async () => {
    const file = await exportedObject();
    file.schemaVersion = FILE_SCHEMA_VERSION + 1;
    const e = await refused(JSON.stringify(file));
    expect(e.code).toBe('newer-version');
    expect(e.message).toContain('made by a newer Causerie');
  });

  it('a wrong type, with the exact place', async () => {
    const file = await exportedObject();
    (entry(file, 1).messages[1] as unknown as Record<string, unknown>).role = 'bot';
    const e = await refused(JSON.stringify(file));
    expect(e.code).toBe('invalid');
    expect(e.issues).toEqual([
      {
        path: 'sessions[1].messages[1].role',
        message: 'sessions[1].messages[1].role: expected user, assistant or system',
      },
    ]);
    expect(e.message).toBe('sessions[1].messages[1].role: expected user, assistant or system');
  });

  it('lists every problem, not only the first', async () => {
    const file = await exportedObject();
    const s = entry(file, 0);
    (s.session as unknown as Record<string, unknown>).createdAt = '2024-01-01';
    (s.session.options as Record<string, unknown>).temperature = 'hot';
    (s.messages[0] as unknown as Record<string, unknown>).content = 7;
    (s.messages[1] as unknown as Record<string, unknown>).status = 'thinking';
    (s.messages[1] as unknown as Record<string, unknown>).compareId = 3;
    (s.messages[5] as unknown as Record<string, unknown>).id = '';
    (s.messages[2]!.stats as Record<string, unknown>).evalCount = 'many';
    const e = await refused(JSON.stringify(file));
    expect(e.issues.map((i) => i.path)).toEqual([
      'sessions[0].session.createdAt',
      'sessions[0].session.options.temperature',
      'sessions[0].messages[0].content',
      'sessions[0].messages[1].status',
      'sessions[0].messages[1].compareId',
      'sessions[0].messages[2].stats.evalCount',
      'sessions[0].messages[5].id',
    ]);
    expect(e.message).toBe('sessions[0].session.createdAt: expected a finite number (and 6 more problems)');
  });

  it('a parent that is not in the chat', async () => {
    const file = await exportedObject();
    entry(file, 0).messages[3]!.parentId = 'b1'; // a message of another chat
    const e = await refused(JSON.stringify(file));
    expect(e.message).toBe('sessions[0].messages[3].parentId: there is no message "b1" in this chat');
  });

  it('parents that loop', async () => {
    const file = await exportedObject();
    entry(file, 0).messages[0]!.parentId = 'a2';
    const e = await refused(JSON.stringify(file));
    expect(e.message).toMatch(/^sessions\[0\]\.messages\[\d\]\.parentId: the chain of parent messages loops/);
  });

  it('a message filed under another chat, and a duplicate id', async () => {
    const file = await exportedObject();
    entry(file, 0).messages[1]!.sessionId = 'sB';
    entry(file, 1).session.id = 'sA';
    const e = await refused(JSON.stringify(file));
    expect(e.issues.map((i) => i.message)).toEqual([
      'sessions[0].messages[1].sessionId: expected "sA", the id of its chat',
      'sessions[1].session.id: the id "sA" is used twice',
      'sessions[1].messages[0].sessionId: expected "sA", the id of its chat',
      'sessions[1].messages[1].sessionId: expected "sA", the id of its chat',
    ]);
  });

  it('a missing image', async () => {
    const file = await exportedObject();
    delete file.images['img-jpeg'];
    const e = await refused(JSON.stringify(file));
    expect(e.message).toBe('sessions[1].messages[0].imageIds[0]: the image "img-jpeg" is not in the file');
  });

  it('an image that is not base64 or not an image type', async () => {
    const file = await exportedObject();
    file.images['img-png']!.base64 = 'not base64!';
    file.images['img-jpeg']!.mime = 'text/html';
    const e = await refused(JSON.stringify(file));
    expect(e.issues.map((i) => i.message)).toEqual([
      'images["img-jpeg"].mime: expected an image type such as image/png',
      'images["img-png"].base64: this is not valid base64',
    ]);
  });

  it('a __proto__ payload, without polluting anything', async () => {
    const text = (await exportText()).replace(
      '"title": "Errored"',
      '"__proto__": {"polluted": true}, "title": "Errored"',
    );
    const e = await refused(text);
    expect(e.message).toBe('sessions[1].session.__proto__: this key is not allowed in an import file');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const images = await refused(
      '{"format":"causerie","schemaVersion":1,"sessions":[],"images":{"__proto__":{"mime":"image/png","base64":""}}}',
    );
    expect(images.message).toBe('images.__proto__: this key is not allowed in an import file');
  });

  it('absurd nesting and absurd sizes', async () => {
    const deep = `{"format":"causerie","schemaVersion":1,"sessions":[],"images":{},"x":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect((await refused(deep)).message).toMatch(/nested too deeply/);

    const limits = IMPORT_LIMITS as { -readonly [K in keyof typeof IMPORT_LIMITS]: number };
    const saved = { ...limits };
    try {
      limits.messages = 5;
      expect((await refused(await exportText())).message).toMatch(/too many entries \(the limit is 5\)/);
      limits.textChars = 100;
      expect((await refused(await exportText())).code).toBe('too-large');
    } finally {
      Object.assign(limits, saved);
    }
  });

  it('optional fields may be null (JSON has no undefined), required ones may not', async () => {
    const file = await exportedObject();
    (entry(file, 0).messages[2] as unknown as Record<string, unknown>).thinking = null;
    expect(parseImport(JSON.stringify(file)).ok).toBe(true);
    (entry(file, 0).messages[2] as unknown as Record<string, unknown>).content = null;
    expect((await refused(JSON.stringify(file))).message).toBe(
      'sessions[0].messages[2].content: expected text',
    );
  });
});

// ---- Older schema versions ----

describe('files from an older schema version', () => {
  const v0 = {
    version: 0,
    chats: [
      {
        id: 'old-1',
        title: 'Pre-release chat',
        created: 1_600_000_000_000,
        model: 'mistral',
        system: 'You are terse.',
        messages: [
          { role: 'user', content: 'Hi', time: 1_600_000_001_000 },
          { role: 'assistant', content: 'Hello.', time: 1_600_000_002_000 },
          { role: 'user', content: 'Bye', time: 1_600_000_002_000 },
          { role: 'assistant', content: 'Bye.' },
        ],
      },
      { id: 7, title: 'No messages', created: '2020-09-13T12:26:40Z', messages: [] },
    ],
  };

  it('a version 0 file imports as linear chats', async () => {
    const p = plan(JSON.stringify(v0));
    expect(p.sourceVersion).toBe(0);
    expect(await applyImport(p)).toMatchObject({ ok: true, sessionsAdded: 2, messages: 4 });

    const s = await sessionsDb.get('old-1');
    expect(s).toEqual({
      id: 'old-1',
      title: 'Pre-release chat',
      createdAt: 1_600_000_000_000,
      updatedAt: 1_600_000_002_002,
      model: 'mistral',
      systemPrompt: 'You are terse.',
      options: {},
    });
    const ms = await messagesDb.ofSession('old-1');
    expect(ms.map((m) => [m.id, m.parentId, m.role, m.content, m.createdAt, m.status])).toEqual([
      ['old-1:0', null, 'user', 'Hi', 1_600_000_001_000, 'done'],
      ['old-1:1', 'old-1:0', 'assistant', 'Hello.', 1_600_000_002_000, 'done'],
      ['old-1:2', 'old-1:1', 'user', 'Bye', 1_600_000_002_001, 'done'],
      ['old-1:3', 'old-1:2', 'assistant', 'Bye.', 1_600_000_002_002, 'done'],
    ]);
    expect(ms[1]?.model).toBe('mistral');
    expect(await sessionsDb.get('7')).toMatchObject({ title: 'No messages', createdAt: 1_600_000_000_000 });
  });

  it('a bad version 0 file is refused with a precise error', async () => {
    const bad = structuredClone(v0);
    bad.chats[0]!.messages[1]!.role = 'robot';
    expect(failure(JSON.stringify(bad)).message).toBe(
      'sessions[0].messages[1].role: expected user, assistant or system',
    );
    expect(failure('{"version":0,"chats":{}}').message).toBe('chats: expected a list');
    expect(failure('{"version":0,"chats":[{"messages":[1]}]}').message).toBe(
      'chats[0].messages[0]: expected an object',
    );
  });
});

// ---- Markdown ----

describe('markdown', () => {
  it('shows the shown path only, with headings, thinking, stats and a note of alternatives', () => {
    const md = sessionToMarkdown(sessionA, messagesA, { servers });
    expect(md.startsWith('# Branched \\*chat\\*\n')).toBe(true);
    expect(md).toContain('- **Model:** llama3.2');
    expect(md).toContain('- **Server:** GPU server');
    expect(md).toContain('temperature 0.7');
    expect(md).toContain('## System prompt\n\n> Be brief.\n> Answer in French.');
    // The newest branch: second answer, edited question, its answer.
    expect(md).toContain('SECOND ANSWER');
    expect(md).toContain('Which colour is it?');
    expect(md).toContain('Orange, mostly');
    expect(md).not.toContain('FIRST ANSWER');
    expect(md).not.toContain('OLD QUESTION');
    expect(md).toContain('## You');
    expect(md).toContain('## qwen3:8b');
    expect(md).toContain(
      '<details>\n<summary>Thinking</summary>\n\nThe image shows\na feline.\n\n</details>',
    );
    expect(md).toContain('_42 tokens · 21.0 tok/s · 2.5 s_');
    expect(md).toContain('1 other answer to this message exists (not shown).');
    expect(md).toContain('1 other version of this message exists (not shown).');
    expect(md).toContain('_1 image attached_');
    expect(md).toContain('(stopped before the end)');
    const order = ['What is in this picture?', 'SECOND ANSWER', 'Which colour', 'Orange'].map((s) =>
      md.indexOf(s),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('follows the leaf the user chose', () => {
    const md = sessionToMarkdown({ ...sessionA, leafId: 'a1' }, messagesA);
    expect(md).toContain('FIRST ANSWER');
    expect(md).not.toContain('SECOND ANSWER');
    expect(md).not.toContain('Which colour');
    expect(md).toContain('## llama3.2');
    expect(md).toContain('_10 tokens · 20.0 tok/s · 1.0 s · first token 0.12 s_');
    expect(shownPath({ id: 'sA', leafId: 'u2' }, messagesA).map((x) => x.message.id)).toEqual([
      'u1',
      'a1b',
      'u2',
    ]);
  });

  it('survives parent loops and empty chats', () => {
    const loop = [
      msg({ id: 'x', parentId: 'y', createdAt: 1 }),
      msg({ id: 'y', parentId: 'x', createdAt: 2 }),
    ];
    expect(shownPath({ id: 'sA', leafId: 'x' }, loop).map((x) => x.message.id)).toEqual(['y', 'x']);
    expect(sessionToMarkdown(sessionC, [])).toBe('# Empty\n\n- **Created:** 2023-11-14 22:18 UTC\n');
  });

  it('writes every chat into one document', async () => {
    await seed();
    const md = allToMarkdown(await exportSessions());
    expect(md).toContain('# Branched \\*chat\\*');
    expect(md).toContain('# Errored');
    expect(md).toContain('> **Error:** The server failed HTTP 500');
    expect(md).toContain('- **Server:** Team vLLM');
    expect(md).toContain('# Empty');
  });
});

// ---- Base64 ----

describe('base64', () => {
  it('round-trips large binary data in chunks', () => {
    const bytes = new Uint8Array(1_000_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(base64ToBytes(text)!).equals(Buffer.from(bytes))).toBe(true);
    expect(base64ToBytes('AQID\nBA==')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
    for (const bad of ['A', 'AB=C', 'é===', 'AQID!A==']) expect(base64ToBytes(bad)).toBeNull();
  });
});

describe('saved prompts in the file', () => {
  it('travel with an export of every chat, not with one chat’s', async () => {
    await seed();
    expect((await exportSessions()).prompts).toEqual(savedPrompts);
    expect(await exportSessions(['sA'])).not.toHaveProperty('prompts');
  });

  it('a prompt kept here is not replaced by an older one from a file; a newer one replaces it', async () => {
    await seed();
    const text = await exportText();
    await promptsDb.put({ ...savedPrompts[0]!, text: 'Mine, newer.', updatedAt: 99 });
    await promptsDb.put({ ...savedPrompts[1]!, text: 'Mine, older.', updatedAt: 0 });
    const result = await applyImport(plan(text));
    expect(result.ok && result.prompts).toBe(1);
    expect((await promptsDb.get('p-pirate'))?.text).toBe('Mine, newer.');
    expect((await promptsDb.get('p-review'))?.text).toBe('Review this code:');
  });

  it('a malformed prompt is refused with where it is, and nothing is written', async () => {
    await seed();
    const file = JSON.parse(await exportText()) as { prompts: Record<string, unknown>[] };
    file.prompts[1] = { ...file.prompts[1], kind: 'command', extra: 'x' };
    freshDb();
    const r = parseImport(JSON.stringify(file));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(['prompts[1].kind']);
    expect(await promptsDb.all()).toEqual([]);
  });

  it('keeps only a prompt’s known fields, and cuts an over-long name', async () => {
    await seed();
    const file = JSON.parse(await exportText()) as { prompts: Record<string, unknown>[] };
    file.prompts[0] = { ...file.prompts[0], name: 'n'.repeat(2_000), onclick: 'alert(1)' };
    const p = plan(JSON.stringify(file));
    expect(p.prompts[0]).not.toHaveProperty('onclick');
    expect(p.prompts[0]!.name.length).toBe(IMPORT_LIMITS.nameChars);
    expect(p.counts.truncated).toBe(1);
  });
});
