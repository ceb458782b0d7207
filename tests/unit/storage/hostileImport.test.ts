// Import files written by someone else: they must not reach into other chats, plant servers, smuggle
// documents in as images, or feed the renderer texts of any size.
import { IDBFactory } from 'fake-indexeddb';
import { allMessages } from './allMessages';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  imagesDb,
  messagesDb,
  resetStorageHandles,
  serversDb,
  sessionsDb,
} from '../../../src/lib/storage/db';
import { applyImport, IMPORT_LIMITS, parseImport, type ExportFile } from '../../../src/lib/storage/transfer';
import type { MessageRecord, SessionRecord } from '../../../src/lib/storage/types';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
});

const b64 = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes).toString('base64');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 9]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"></svg>';

const session = (id: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  title: `chat ${id}`,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  systemPrompt: '',
  options: {},
  ...extra,
});

const msg = (
  sessionId: string,
  id: string,
  createdAt: number,
  extra: Partial<MessageRecord> = {},
): MessageRecord => ({
  id,
  sessionId,
  parentId: null,
  role: 'user',
  content: `message ${id}`,
  status: 'done',
  createdAt,
  ...extra,
});

const file = (sessions: ExportFile['sessions'], extra: Partial<ExportFile> = {}): string =>
  JSON.stringify({
    format: 'causerie',
    schemaVersion: 1,
    exportedAt: '2025-01-01T00:00:00Z',
    app: 'Causerie',
    sessions,
    images: {},
    ...extra,
  });

/** The victim's chat: a question and an answer, as the app stores them. */
async function seedVictim() {
  const victim = session('victim');
  const q = msg('victim', 'q1', 1_700_000_001_000);
  const a = msg('victim', 'a1', 1_700_000_002_000, { parentId: 'q1', role: 'assistant', content: 'answer' });
  await sessionsDb.put(victim);
  await messagesDb.putMany([q, a]);
  return { victim, messages: [q, a] };
}

describe('an import cannot touch another chat', () => {
  // Message keys are `${sessionId}\u0000${createdAt padded to 15}\u0000${id}`. The first id sorts
  // inside the victim's key range (its messages would show in the victim's chat); the second also
  // covers the victim's question's key prefix (replacing "its" messages deleted the victim's question).
  const forms = ['victim\u0000x', `victim\u0000${String(1_700_000_001_000).padStart(15, '0')}`];

  for (const id of forms) {
    it(`a session id ${JSON.stringify(id)} is refused and the victim is unchanged`, async () => {
      const { victim, messages } = await seedVictim();
      const p = parseImport(
        file([{ session: session(id, { updatedAt: 1_800_000_000_000 }), messages: [msg(id, 'evil', 1)] }]),
      );
      expect(p.ok).toBe(false);
      expect(p.ok || p.message).toMatch(
        /^sessions\[0\]\.session\.id: expected an id of 1 to 128 letters, digits/,
      );
      expect(await sessionsDb.all()).toEqual([victim]);
      expect(await messagesDb.ofSession('victim')).toEqual(messages);
      expect(await allMessages()).toEqual(messages);
    });
  }

  it('ids of messages, parents, images, servers and leaves are held to the same rule', () => {
    const bad = 'a\u0000b';
    const checks: [string, string][] = [
      [file([{ session: session('s'), messages: [msg('s', bad, 1)] }]), 'sessions[0].messages[0].id'],
      [file([{ session: session('s', { leafId: bad }), messages: [] }]), 'sessions[0].session.leafId'],
      [
        file([{ session: session('s', { serverId: 'x'.repeat(129) }), messages: [] }]),
        'sessions[0].session.serverId',
      ],
      [
        file([{ session: session('s'), messages: [msg('s', 'm', 1, { imageIds: ['i\u2028'] })] }], {
          images: { 'i\u2028': { mime: 'image/png', base64: b64(PNG) } },
        }),
        'images["i\u2028"]',
      ],
      [
        file([], {
          servers: [
            {
              id: 'srv one',
              name: 'x',
              kind: 'ollama',
              baseUrl: 'http://h',
              authType: 'none',
              rememberSecrets: false,
              createdAt: 1,
            },
          ],
        }),
        'servers[0].id',
      ],
    ];
    for (const [text, path] of checks) {
      const p = parseImport(text);
      expect(p.ok).toBe(false);
      expect(p.ok || p.issues.map((i) => i.path)).toContain(path);
    }
  });

  it('a chat with valid ids next to the victim imports without touching it', async () => {
    const { victim, messages } = await seedVictim();
    const p = parseImport(
      file([{ session: session('victim-2'), messages: [msg('victim-2', 'q1', 1_700_000_001_000)] }]),
    );
    expect(p.ok).toBe(true);
    expect(await applyImport(p as Exclude<typeof p, { ok: false }>)).toMatchObject({
      ok: true,
      sessionsAdded: 1,
    });
    expect(await sessionsDb.get('victim')).toEqual(victim);
    expect(await messagesDb.ofSession('victim')).toEqual(messages);
    expect((await messagesDb.ofSession('victim-2')).map((m) => m.id)).toEqual(['q1']);
  });
});

describe('an import cannot plant a server', () => {
  it('imported servers are stored pending, without secrets, and existing ones are untouched', async () => {
    await serversDb.put({
      id: 'mine',
      name: 'My Ollama',
      kind: 'ollama',
      baseUrl: 'http://localhost:11434',
      authType: 'none',
      rememberSecrets: false,
      createdAt: 1,
    });
    const planted = {
      id: 'company',
      name: 'Your company Ollama',
      kind: 'ollama',
      baseUrl: 'http://attacker.example:11434',
      authType: 'basic',
      username: 'victim',
      password: 'should-never-be-kept',
      rememberSecrets: true,
      createdAt: 2,
    };
    const hijack = { ...planted, id: 'mine', baseUrl: 'http://attacker.example:1' };
    const p = parseImport(
      file([{ session: session('s', { serverId: 'company' }), messages: [] }], {
        servers: [planted, hijack] as never,
      }),
    );
    if (!p.ok) throw new Error(p.message);
    expect(await applyImport(p)).toMatchObject({ ok: true, servers: 1 });
    const stored = await serversDb.all();
    expect(stored.find((s) => s.id === 'mine')?.baseUrl).toBe('http://localhost:11434');
    expect(stored.find((s) => s.id === 'company')).toEqual({
      id: 'company',
      name: 'Your company Ollama',
      kind: 'ollama',
      baseUrl: 'http://attacker.example:11434',
      authType: 'basic',
      username: 'victim',
      rememberSecrets: false,
      createdAt: 2,
      imported: 'pending',
    });
  });

  it('a file cannot mark its own server as accepted', async () => {
    const s = {
      id: 'x',
      name: 'x',
      kind: 'ollama',
      baseUrl: 'http://h',
      authType: 'none',
      rememberSecrets: false,
      createdAt: 1,
      imported: '',
    };
    const p = parseImport(file([], { servers: [s] as never }));
    if (!p.ok) throw new Error(p.message);
    await applyImport(p);
    expect((await serversDb.all())[0]?.imported).toBe('pending');
  });
});

describe('imported images are raster images, by their bytes', () => {
  it('an SVG is left out (even declared as PNG); a PNG declared as SVG is stored as PNG', async () => {
    const m = msg('s', 'm', 1, { imageIds: ['svg', 'png'] });
    const p = parseImport(
      file([{ session: session('s'), messages: [m] }], {
        images: {
          svg: { mime: 'image/png', base64: b64(SVG) },
          png: { mime: 'image/svg+xml', base64: b64(PNG) },
        },
      }),
    );
    if (!p.ok) throw new Error(p.message);
    expect(p.counts).toMatchObject({ images: 1, imagesRefused: 1 });
    expect(await applyImport(p)).toMatchObject({ ok: true, images: 1, imagesRefused: 1 });
    expect(await imagesDb.keys()).toEqual(['png']);
    expect((await imagesDb.get('png'))?.type).toBe('image/png');
    // The message keeps its text and the image that was kept.
    expect((await messagesDb.ofSession('s'))[0]).toMatchObject({ content: 'message m', imageIds: ['png'] });
  });

  it('a message whose only image was refused loses the image id, not the message', async () => {
    const p = parseImport(
      file([{ session: session('s'), messages: [msg('s', 'm', 1, { imageIds: ['svg'] })] }], {
        images: { svg: { mime: 'image/svg+xml', base64: b64(SVG) } },
      }),
    );
    if (!p.ok) throw new Error(p.message);
    await applyImport(p);
    const [stored] = await messagesDb.ofSession('s');
    expect(stored?.content).toBe('message m');
    expect(stored).not.toHaveProperty('imageIds');
    expect(await imagesDb.keys()).toEqual([]);
  });
});

describe('imported texts have a maximum size', () => {
  it('a message, a model name and an error text are cut at their limit, with a note', async () => {
    const long = 'a'.repeat(IMPORT_LIMITS.messageChars + 1234);
    const m = msg('s', 'm', 1, {
      role: 'assistant',
      content: long,
      model: 'm'.repeat(IMPORT_LIMITS.modelChars * 5),
      status: 'error',
      error: { kind: 'server', title: 'boom', detail: 'd'.repeat(IMPORT_LIMITS.errorChars * 3) },
    });
    const p = parseImport(file([{ session: session('s'), messages: [m] }]));
    if (!p.ok) throw new Error(p.message);
    expect(p.counts.truncated).toBe(3);
    const [got] = p.sessions[0]!.messages;
    expect(got!.content.startsWith('a'.repeat(IMPORT_LIMITS.messageChars))).toBe(true);
    expect(got!.content.slice(IMPORT_LIMITS.messageChars)).toBe(
      '\n\n[Cut on import: this text was longer than 500,000 characters; the last 1,234 were left out.]',
    );
    expect(got!.model).toHaveLength(IMPORT_LIMITS.modelChars);
    expect(got!.model!.endsWith('…')).toBe(true);
    expect(got!.error!.detail).toHaveLength(IMPORT_LIMITS.errorChars);
    expect(got!.error!.title).toBe('boom');
  });

  it('texts within the limits are kept exactly, and a cut never splits a character in two', () => {
    const exact = 'b'.repeat(IMPORT_LIMITS.messageChars);
    const emoji = `${'c'.repeat(IMPORT_LIMITS.messageChars - 1)}😀tail`;
    const p = parseImport(
      file([
        {
          session: session('s'),
          messages: [msg('s', 'm1', 1, { content: exact }), msg('s', 'm2', 2, { content: emoji })],
        },
      ]),
    );
    if (!p.ok) throw new Error(p.message);
    const [m1, m2] = p.sessions[0]!.messages;
    expect(m1!.content).toBe(exact);
    expect(m2!.content.startsWith(`${'c'.repeat(IMPORT_LIMITS.messageChars - 1)}\n\n[Cut on import`)).toBe(
      true,
    );
    expect(p.counts.truncated).toBe(1);
  });
});
