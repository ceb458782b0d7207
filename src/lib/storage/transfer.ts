// Export and import of conversations: JSON with a schema version and everything needed to get the same
// data back (branches, options, stats, images), and Markdown for reading. The file format, its
// migrations and the import validator live in transferSchema.ts; this module reads and writes IndexedDB.
//
// Rules: secrets never leave the device (server profiles are exported through a whitelist, header values
// emptied); import validates the whole file before it writes anything; a failed write is undone record
// by record so that a failed import changes nothing.
import { indexTree, pathTo, siblingsOf } from '../chat/tree';
import { imagesDb, isQuotaError, messagesDb, serversDb, sessionsDb, type StoredImage } from './db';
import { importText, markdownText } from '../i18n/transfer';
import { documentsDb } from './documentsDb';
import { promptsDb } from './promptsDb';
import { broadcast } from './sync';
import {
  bytesToBase64,
  FILE_SCHEMA_VERSION,
  importError,
  isObject,
  publicServer,
  type ExportedImage,
  type ExportedSession,
  type ExportFile,
  type ImportError,
  type ImportPlan,
} from './transferSchema';
import type { MessageRecord, ServerProfile, SessionRecord } from './types';

export { importText, markdownText };
export {
  FILE_SCHEMA_VERSION,
  IMPORT_LIMITS,
  isValidId,
  migrations,
  parseImport,
  type ExportedImage,
  type ExportedServer,
  type ExportedSession,
  type ExportFile,
  type ImportError,
  type ImportErrorCode,
  type ImportIssue,
  type ImportPlan,
} from './transferSchema';

// ---- Export ----

function encodeImage(image: StoredImage): ExportedImage {
  return { mime: image.type, base64: bytesToBase64(new Uint8Array(image.bytes)) };
}

const byCreation = (a: SessionRecord, b: SessionRecord) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Everything needed to rebuild the given chats (all of them when `ids` is undefined; unknown ids are
 * ignored): sessions with every message of every branch, the images they show, and the server profiles
 * they name — without secrets. An export of every chat carries the saved prompts too (one chat's
 * export is that chat, not the library).
 *
 * So that an export always imports, two dangling references the app tolerates are normalised: a parent
 * that no longer exists becomes `null` (the app shows such a message as a root anyway), and an image id
 * whose Blob is gone is dropped from the message.
 */
export async function exportSessions(ids?: string[]): Promise<ExportFile> {
  const records = ids
    ? (await Promise.all([...new Set(ids)].map((id) => sessionsDb.get(id)))).filter(
        (s): s is SessionRecord => s !== undefined,
      )
    : await sessionsDb.all();
  records.sort(byCreation);

  const sessions: ExportedSession[] = [];
  const wanted = new Set<string>();
  for (const session of records) {
    const messages = await messagesDb.ofSession(session.id);
    for (const m of messages) for (const id of m.imageIds ?? []) wanted.add(id);
    const documents = await documentsDb.ofSession(session.id);
    sessions.push({ session, messages, ...(documents.length ? { documents } : {}) });
  }

  const imageIds = [...wanted].sort();
  const found = imageIds.length ? await imagesDb.getMany(imageIds) : [];
  const images: Record<string, ExportedImage> = {};
  for (const [i, id] of imageIds.entries()) {
    const image = found[i];
    if (image)
      Object.defineProperty(images, id, {
        value: encodeImage(image),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }

  const serverIds = new Set<string>();
  for (const { session, messages } of sessions) {
    const present = new Set(messages.map((m) => m.id));
    if (session.serverId) serverIds.add(session.serverId);
    for (const [i, m] of messages.entries()) {
      if (m.serverId) serverIds.add(m.serverId);
      const parentGone = m.parentId !== null && !present.has(m.parentId);
      const keptImages = m.imageIds?.filter((id) => Object.prototype.hasOwnProperty.call(images, id));
      if (parentGone || (m.imageIds && keptImages?.length !== m.imageIds.length)) {
        const copy: MessageRecord = { ...m, parentId: parentGone ? null : m.parentId };
        if (keptImages?.length) copy.imageIds = keptImages;
        else delete copy.imageIds;
        messages[i] = copy;
      }
    }
  }
  const servers = (await serversDb.all())
    .filter((s) => serverIds.has(s.id))
    .map(publicServer)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const prompts = ids ? [] : (await promptsDb.all()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    format: 'causerie',
    schemaVersion: FILE_SCHEMA_VERSION,
    exportedAt: new Date().toISOString(),
    app: 'Causerie',
    sessions,
    images,
    ...(servers.length ? { servers } : {}),
    ...(prompts.length ? { prompts } : {}),
  };
}

// Keys in reading order; any other key follows, alphabetically.
const KEY_ORDER = [
  'format',
  'schemaVersion',
  'app',
  'exportedAt',
  'servers',
  'sessions',
  'prompts',
  'images',
  'session',
  'messages',
  'id',
  'sessionId',
  'parentId',
  'role',
  'name',
  'title',
  'kind',
  'baseUrl',
  'authType',
  'username',
  'createdAt',
  'updatedAt',
  'serverId',
  'model',
  'systemPrompt',
  'options',
  'status',
  'content',
  'thinking',
  'imageIds',
  'error',
  'stats',
  'mime',
  'base64',
];
const rank = new Map(KEY_ORDER.map((k, i) => [k, i]));

function orderKeys(_key: string, value: unknown): unknown {
  if (!isObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ra = rank.get(a) ?? KEY_ORDER.length;
    const rb = rank.get(b) ?? KEY_ORDER.length;
    return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const out: Record<string, unknown> = {};
  for (const k of keys)
    Object.defineProperty(out, k, { value: value[k], enumerable: true, writable: true, configurable: true });
  return out;
}

/** The file as pretty JSON with a stable key order (the same data always gives the same text). */
export function exportJson(file: ExportFile): string {
  return `${JSON.stringify(file, orderKeys, 2)}\n`;
}

function slug(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return s || 'chat';
}

/**
 * `causerie-2025-05-01.json` for everything, `causerie-<chat title>-2025-05-01.md` for one chat
 * (the date is the local date; the title is reduced to safe file-name characters).
 */
export function exportFileName(
  format: 'json' | 'markdown',
  session?: Pick<SessionRecord, 'title'> | null,
  now: Date = new Date(),
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const name = session ? `causerie-${slug(session.title)}-${date}` : `causerie-${date}`;
  return `${name}.${format === 'json' ? 'json' : 'md'}`;
}

// ---- Markdown ----

export interface MarkdownOptions {
  /** To name the server of a chat; without it the server id is shown. */
  servers?: ReadonlyArray<Pick<ServerProfile, 'id' | 'name'>>;
}

/** A one-line field (title, model, server name) as literal Markdown text. */
function inline(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

const quote = (s: string): string =>
  s
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

/**
 * The messages with every parent loop cut (where a chain of parents comes back to a message already on
 * it, that message becomes a root). The app and a validated import never make loops, but the tree
 * functions would follow one forever, and an export must finish whatever is stored. Linear: each
 * message is walked once.
 */
function withoutLoops(messages: readonly MessageRecord[]): readonly MessageRecord[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const safe = new Set<string>();
  const cut = new Set<string>();
  for (const start of messages) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    for (let m: MessageRecord | undefined = start; m && !safe.has(m.id);) {
      chain.push(m.id);
      onChain.add(m.id);
      const parent: MessageRecord | undefined = m.parentId !== null ? byId.get(m.parentId) : undefined;
      if (parent && onChain.has(parent.id)) {
        cut.add(m.id);
        break;
      }
      m = parent;
    }
    for (const id of chain) safe.add(id);
  }
  return cut.size ? messages.map((m) => (cut.has(m.id) ? { ...m, parentId: null } : m)) : messages;
}

/**
 * The path shown in the app (the same functions choose it: src/lib/chat/tree.ts): from the root to
 * `session.leafId` when it names a message, else the newest branch. With the number of alternatives
 * (siblings) of each message on it.
 */
export function shownPath(
  session: Pick<SessionRecord, 'id'> & { leafId?: string },
  messages: readonly MessageRecord[],
): { message: MessageRecord; alternatives: number }[] {
  const tree = indexTree(withoutLoops(messages));
  return pathTo(tree, session.leafId).map((m) => ({
    message: m,
    alternatives: siblingsOf(tree, m).list.length - 1,
  }));
}

function statsLine(m: MessageRecord): string {
  const s = m.stats;
  if (!s) return '';
  const parts: string[] = [];
  if (s.evalCount !== undefined) parts.push(markdownText.tokens(s.evalCount));
  if (s.evalCount !== undefined && s.evalDurationNs)
    parts.push(markdownText.tokPerSec((s.evalCount / (s.evalDurationNs / 1e9)).toFixed(1)));
  const total =
    s.totalDurationNs !== undefined
      ? s.totalDurationNs / 1e9
      : s.wallMs !== undefined
        ? s.wallMs / 1000
        : undefined;
  if (total !== undefined) parts.push(markdownText.seconds(total.toFixed(1)));
  if (s.ttftMs !== undefined) parts.push(markdownText.firstToken((s.ttftMs / 1000).toFixed(2)));
  return parts.length ? `_${parts.join(' · ')}_` : '';
}

const utc = (ms: number): string => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/**
 * A readable Markdown document of one chat as it is shown: title, model and server, system prompt, then
 * each message of the shown path under a heading (You / the model's name), thinking folded in a
 * `<details>` block, a stats line under answers, and a note where other branches exist.
 */
export function sessionToMarkdown(
  session: SessionRecord & { leafId?: string },
  messages: readonly MessageRecord[],
  opts: MarkdownOptions = {},
): string {
  const out: string[] = [`# ${inline(session.title) || markdownText.untitled}`];

  const meta: string[] = [];
  if (session.model) meta.push(`- **${markdownText.model}:** ${inline(session.model)}`);
  if (session.serverId) {
    const server = opts.servers?.find((s) => s.id === session.serverId);
    meta.push(`- **${markdownText.server}:** ${inline(server?.name || session.serverId)}`);
  }
  const created = utc(session.createdAt);
  if (created) meta.push(`- **${markdownText.created}:** ${created}`);
  const options = Object.entries(session.options ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join(' ') : String(v)}`);
  if (options.length) meta.push(`- **${markdownText.options}:** ${inline(options.join(', '))}`);
  if (meta.length) out.push(meta.join('\n'));

  if (session.systemPrompt.trim())
    out.push(`## ${markdownText.systemPrompt}`, quote(session.systemPrompt.trim()));

  for (const { message: m, alternatives } of shownPath(session, messages)) {
    const who =
      m.role === 'user'
        ? markdownText.you
        : m.role === 'system'
          ? markdownText.system
          : inline(m.model || session.model || '') || markdownText.assistant;
    out.push(`## ${who}`);
    if (m.thinking?.trim()) {
      const thinking = m.thinking.trim().replace(/<\/details/gi, '&lt;/details');
      out.push(`<details>\n<summary>${markdownText.thinking}</summary>\n\n${thinking}\n\n</details>`);
    }
    if (m.content.trim()) out.push(m.content.trim());
    if (m.imageIds?.length) out.push(`_${markdownText.images(m.imageIds.length)}_`);
    if (m.status === 'stopped' || m.status === 'streaming') out.push(`_${markdownText.stopped}_`);
    if (m.status === 'error' && m.error) {
      const detail = m.error.detail ? ` ${m.error.detail}` : '';
      out.push(quote(`**${markdownText.error}:** ${m.error.title}${detail}`));
    }
    if (m.role === 'assistant') {
      const line = statsLine(m);
      if (line) out.push(line);
    }
    if (alternatives > 0)
      out.push(
        `_${m.role === 'assistant' ? markdownText.otherAnswers(alternatives) : markdownText.otherVersions(alternatives)}_`,
      );
  }
  return `${out.join('\n\n')}\n`;
}

/** Every chat of an export as one Markdown document, chats separated by a rule. */
export function allToMarkdown(file: Pick<ExportFile, 'sessions' | 'servers'>): string {
  const opts: MarkdownOptions = { servers: file.servers ?? [] };
  return file.sessions
    .map(({ session, messages }) => sessionToMarkdown(session, messages, opts))
    .join('\n---\n\n');
}

// ---- Import ----

export type ConflictPolicy = 'skip' | 'replace' | 'newer';

export interface ImportOptions {
  /**
   * What to do with a chat whose id already exists here. `'newer'` (the default) replaces it only when
   * the imported one has a later `updatedAt`, else keeps the local one; `'skip'` always keeps the local
   * one; `'replace'` always takes the imported one. A replaced chat's messages are all replaced.
   */
  onConflict?: ConflictPolicy;
}

export interface ImportSummary {
  ok: true;
  sessionsAdded: number;
  sessionsReplaced: number;
  sessionsSkipped: number;
  /** Messages written (of added and replaced chats). */
  messages: number;
  /** Images written (those already here, by id, are not rewritten). */
  images: number;
  /**
   * Server profiles added (without secrets), each waiting for the user to accept it (`imported:
   * 'pending'`): none is contacted before. A profile whose id exists here is never touched.
   */
  servers: number;
  /** Saved prompts added or replaced (the same rule as chats: a prompt here is kept unless older). */
  prompts: number;
  /** Images left out: their bytes are not PNG, JPEG, WebP or GIF. */
  imagesRefused: number;
  /** Texts cut at the size limits (`IMPORT_LIMITS`), each with a note. */
  truncated: number;
}

export type ImportResult = ImportSummary | ImportError;

/**
 * Writes a validated plan. Each chat is written images first, then its messages, then the session
 * record, so that a chat appears complete. Every write is journalled with its undo (what the record was
 * before); if any write fails, the journal is replayed backwards so that the database is as it was.
 * Other tabs are told once everything is written; the calling tab reloads its own lists.
 */
export async function applyImport(plan: ImportPlan, options: ImportOptions = {}): Promise<ImportResult> {
  const policy = options.onConflict ?? 'newer';
  const undo: (() => Promise<unknown>)[] = [];
  const result: ImportSummary = {
    ok: true,
    sessionsAdded: 0,
    sessionsReplaced: 0,
    sessionsSkipped: 0,
    messages: 0,
    images: 0,
    servers: 0,
    prompts: 0,
    imagesRefused: plan.counts.imagesRefused,
    truncated: plan.counts.truncated,
  };
  const written = new Set<string>();
  const changed: string[] = [];
  try {
    const localServers = new Set((await serversDb.all()).map((s) => s.id));
    for (const server of plan.servers) {
      if (localServers.has(server.id)) continue;
      undo.push(() => serversDb.remove(server.id));
      // A file can name any address: the profile stays off until the user accepts it.
      const profile: ServerProfile = { ...publicServer(server), imported: 'pending' };
      await serversDb.put(profile);
      localServers.add(server.id);
      result.servers++;
    }

    for (const prompt of plan.prompts) {
      const existing = await promptsDb.get(prompt.id);
      if (existing && (policy === 'skip' || (policy === 'newer' && !(prompt.updatedAt > existing.updatedAt))))
        continue;
      undo.push(() => (existing ? promptsDb.put(existing) : promptsDb.remove(prompt.id)));
      await promptsDb.put(prompt);
      result.prompts++;
    }

    for (const { session, messages, documents } of plan.sessions) {
      const existing = await sessionsDb.get(session.id);
      if (
        existing &&
        (policy === 'skip' || (policy === 'newer' && !(session.updatedAt > existing.updatedAt)))
      ) {
        result.sessionsSkipped++;
        continue;
      }

      for (const m of messages) {
        for (const id of m.imageIds ?? []) {
          const image = plan.images.get(id);
          if (!image || written.has(id)) continue;
          written.add(id);
          if (await imagesDb.get(id)) continue;
          undo.push(() => imagesDb.remove(id));
          await imagesDb.put(id, image);
          result.images++;
        }
      }

      // Messages left under this id (the replaced chat's, or strays without a session) make way.
      const before = await messagesDb.ofSession(session.id);
      undo.push(async () => {
        await messagesDb.removeSession(session.id);
        if (before.length) await messagesDb.putMany(before);
      });
      if (before.length) await messagesDb.removeSession(session.id);
      if (messages.length) await messagesDb.putMany(messages);

      if (documents?.length) {
        const prior = (await documentsDb.getMany(documents.map((d) => d.id))).filter((d) => d !== undefined);
        // A document id another chat already uses stays that chat's: an import never touches it.
        const foreign = new Set(prior.filter((d) => d.sessionId !== session.id).map((d) => d.id));
        const own = documents.filter((d) => !foreign.has(d.id));
        const replaced = prior.filter((d) => !foreign.has(d.id));
        undo.push(async () => {
          await documentsDb.removeMany(own.map((d) => d.id));
          if (replaced.length) await documentsDb.putMany(replaced);
        });
        if (own.length) await documentsDb.putMany(own);
      }
      undo.push(() => (existing ? sessionsDb.put(existing) : sessionsDb.remove(session.id)));
      await sessionsDb.put(session);
      result.messages += messages.length;
      changed.push(session.id);
      if (existing) result.sessionsReplaced++;
      else result.sessionsAdded++;
    }
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    let rolledBack = true;
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch {
        rolledBack = false;
      }
    }
    const message = !rolledBack
      ? importText.rollbackFailed(detail)
      : isQuotaError(e)
        ? importText.quota
        : importText.writeFailed(detail);
    return importError(isQuotaError(e) ? 'quota' : 'write-failed', [{ path: '', message }], rolledBack);
  }

  if (result.servers) broadcast({ type: 'servers' });
  if (result.prompts) broadcast({ type: 'prompts' });
  if (changed.length) broadcast({ type: 'sessions' });
  for (const sessionId of changed) broadcast({ type: 'messages', sessionId });
  return result;
}
