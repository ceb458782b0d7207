// The export file format, its migrations and the validator that import runs before it writes anything.
// Pure functions only (no IndexedDB): an imported file is untrusted input, so it is parsed as JSON (never
// evaluated), walked for forbidden keys and absurd nesting, upgraded to the current schema, and then every
// record is checked field by field. Unknown extra fields on records are data and are kept.
import { NUMERIC_OPTIONS } from '../chat/optionNames';
import { importText } from '../i18n/transfer';
import { base64ToBytes, bytesToBase64 } from '../base64';
import { isObject, type JsonObject } from '../providers/json';
import { rasterImage, type StoredImage } from './imageType';
import type { DocumentRecord, MessageRecord, SavedPrompt, ServerProfile, SessionRecord } from './types';

/**
 * The version of the export file format. It is not the version of the data stored in this browser
 * (`SCHEMA_VERSION` in db.ts): adding an IndexedDB index changes no file.
 */
export const FILE_SCHEMA_VERSION = 1;

// ---- The file format ----

export interface ExportedImage {
  mime: string;
  base64: string;
}

/** A server profile as exported: never a password, an API key or a header value. */
export type ExportedServer = Omit<ServerProfile, 'password' | 'apiKey' | 'imported'>;

export interface ExportedSession {
  session: SessionRecord;
  messages: MessageRecord[];
  /** The chat's attached documents (issue 14), with their extracted text. */
  documents?: DocumentRecord[];
}

export interface ExportFile {
  format: 'causerie';
  schemaVersion: number;
  exportedAt: string;
  app: 'Causerie';
  sessions: ExportedSession[];
  images: Record<string, ExportedImage>;
  servers?: ExportedServer[];
  /** The saved prompts (issue 17), in an export of every chat. */
  prompts?: SavedPrompt[];
}

// ---- Results ----

export interface ImportIssue {
  /** Where in the file, e.g. `sessions[2].messages[14].role` (empty for the file as a whole). */
  path: string;
  /** A full sentence for the user, the path included. */
  message: string;
}

export type ImportErrorCode =
  | 'too-large'
  | 'syntax'
  | 'truncated'
  | 'not-causerie'
  | 'newer-version'
  | 'bad-version'
  | 'invalid'
  | 'quota'
  | 'write-failed';

export interface ImportError {
  ok: false;
  code: ImportErrorCode;
  /** What to show: the first problem (with a count of the others). */
  message: string;
  /** Every problem found, at most `IMPORT_LIMITS.issues`. */
  issues: ImportIssue[];
  /** Only for write failures: whether everything this import wrote was undone. */
  rolledBack?: boolean;
}

export interface ImportPlan {
  ok: true;
  /** The schema the file was written in (older files were migrated). */
  sourceVersion: number;
  exportedAt?: string;
  sessions: ExportedSession[];
  /** Decoded images referenced by the messages (unreferenced ones are not imported). */
  images: Map<string, StoredImage>;
  servers: ExportedServer[];
  prompts: SavedPrompt[];
  counts: {
    sessions: number;
    messages: number;
    images: number;
    servers: number;
    prompts: number;
    /** Images left out because their bytes are not PNG, JPEG, WebP or GIF (whatever `mime` said). */
    imagesRefused: number;
    /** Texts cut at `IMPORT_LIMITS` (message content or thinking, model names, error texts). */
    truncated: number;
  };
}

// ---- Limits for untrusted input ----

export const IMPORT_LIMITS = {
  /** Characters of JSON text (about bytes); check `File.size` against it before reading the file. */
  textChars: 200 * 1024 * 1024,
  sessions: 20_000,
  messages: 100_000,
  images: 20_000,
  servers: 1_000,
  prompts: 10_000,
  depth: 64,
  issues: 50,
  /** Characters of every id (chats, messages, images, servers): letters, digits and `_ - . :` only. */
  idChars: 128,
  /** Characters of one message's content, and of its thinking; the rest is cut with a note. */
  messageChars: 500_000,
  /** Characters of a model name; longer ones are cut. */
  modelChars: 200,
  /** Characters of an error's title, and of its detail; longer ones are cut. */
  errorChars: 2_000,
  /** Characters of a chat title or a server name; longer ones are cut. */
  nameChars: 500,
} as const;

/**
 * Ids become parts of IndexedDB keys and of the messages' `sessionId` index, so they are restricted to a
 * small character set: no `\u0000` (the separator inside message keys), no control or invisible
 * characters, nothing that could make one id a prefix-trick on another.
 */
const ID = new RegExp(`^[A-Za-z0-9_.:-]{1,${IMPORT_LIMITS.idChars}}$`);
export const isValidId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);

const FORBIDDEN_KEYS = new Set(['__proto__']);

// ---- Small helpers ----

export { isObject, type JsonObject };

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const IDENT = /^[A-Za-z_$][\w$]*$/;
export const at = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : IDENT.test(key)
      ? path
        ? `${path}.${key}`
        : key
      : `${path}[${JSON.stringify(key)}]`;

export { base64ToBytes, bytesToBase64 };

export const SAFE_MIME = /^image\/[a-z0-9][a-z0-9.+-]*$/i;

/** Only `http:`/`https:` URLs, without credentials, query or fragment (they could hold secrets). */
export function cleanBaseUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const s = url.toString();
  // Keep the user's spelling when nothing was removed (URL adds a trailing slash to bare origins).
  return s === raw || s === `${raw}/` ? raw : s;
}

/**
 * The exportable part of a server profile: a whitelist, so that secrets (and any field added later that
 * might hold one) never leave the device. Header names stay, their values are emptied.
 */
export function publicServer(p: ServerProfile | ExportedServer): ExportedServer {
  const out: ExportedServer = {
    id: p.id,
    name: p.name,
    kind: p.kind,
    baseUrl: cleanBaseUrl(p.baseUrl) ?? '',
    authType: p.authType,
    rememberSecrets: false,
    createdAt: p.createdAt,
  };
  if (p.username !== undefined) out.username = p.username;
  if (p.headers) out.headers = Object.fromEntries(Object.keys(p.headers).map((k) => [k, '']));
  if (p.origin !== undefined) out.origin = p.origin;
  if (p.lastModel !== undefined) out.lastModel = p.lastModel;
  if (p.connectTimeoutMs !== undefined) out.connectTimeoutMs = p.connectTimeoutMs;
  if (p.firstByteTimeoutMs !== undefined) out.firstByteTimeoutMs = p.firstByteTimeoutMs;
  return out;
}

// ---- Parsing ----

class Fail extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly issues: ImportIssue[],
  ) {
    super(issues[0]?.message ?? code);
  }
}

const fail = (code: ImportErrorCode, message: string, path = ''): Fail => new Fail(code, [{ path, message }]);

export function importError(code: ImportErrorCode, issues: ImportIssue[], rolledBack?: boolean): ImportError {
  const first = issues[0]?.message ?? code;
  const message = issues.length > 1 ? importText.andMore(first, issues.length - 1) : first;
  return { ok: false, code, message, issues, ...(rolledBack === undefined ? {} : { rolledBack }) };
}

function parseJson(text: string): unknown {
  if (text.length > IMPORT_LIMITS.textChars)
    throw fail('too-large', importText.tooLarge(Math.round(IMPORT_LIMITS.textChars / 1024 / 1024)));
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte-order mark
  if (!body.trim()) throw fail('syntax', importText.empty);
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    if (/end of (json )?(input|data)|unterminated|unexpected eof/i.test(msg))
      throw fail('truncated', importText.truncated);
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    if (lc) throw fail('syntax', importText.syntaxAt(Number(lc[1]), Number(lc[2])));
    if (pos) {
      const p = Number(pos[1]);
      if (p >= body.trimEnd().length) throw fail('truncated', importText.truncated);
      const before = body.slice(0, p);
      const line = before.split('\n').length;
      const column = p - before.lastIndexOf('\n');
      throw fail('syntax', importText.syntaxAt(line, column));
    }
    throw fail('syntax', importText.syntax);
  }
}

interface WalkNode {
  value: unknown;
  parent: WalkNode | null;
  key: string | number;
  depth: number;
}

const pathOf = (n: WalkNode): string => {
  const keys: (string | number)[] = [];
  for (let x: WalkNode | null = n; x && x.parent; x = x.parent) keys.push(x.key);
  return keys.reverse().reduce<string>((p, k) => at(p, k), '');
};

/** Rejects `__proto__` keys and absurd nesting anywhere in the parsed tree, without recursion. */
function walk(root: unknown): void {
  const stack: WalkNode[] = [{ value: root, parent: null, key: '', depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v !== 'object' || v === null) continue;
    if (node.depth >= IMPORT_LIMITS.depth)
      throw fail('invalid', importText.tooDeep(pathOf(node)), pathOf(node));
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        if (typeof c === 'object' && c !== null)
          stack.push({ value: c, parent: node, key: i, depth: node.depth + 1 });
      }
    } else {
      for (const k of Object.keys(v)) {
        const child: WalkNode = { value: (v as JsonObject)[k], parent: node, key: k, depth: node.depth + 1 };
        if (FORBIDDEN_KEYS.has(k))
          throw fail('invalid', importText.forbiddenKey(pathOf(child)), pathOf(child));
        if (typeof child.value === 'object' && child.value !== null) stack.push(child);
      }
    }
  }
}

// ---- Migrations ----

/** Thrown by a migration that meets something it cannot upgrade; `path` is in the old file's terms. */
export class MigrationIssue extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A time in milliseconds from a number (seconds are recognised) or a date string. */
function toTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v < 1e11 ? Math.round(v * 1000) : v;
  if (typeof v === 'string' && v.trim()) {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/**
 * Each entry upgrades a file from its key's version to the next one. They run oldest first, before
 * validation, on input that has only been checked for forbidden keys and nesting — so they check the
 * shape they rely on and throw `MigrationIssue` otherwise; field-level checks are left to the validator
 * (the list positions are kept, so its paths still point at the right chat and message).
 */
export const migrations: Record<number, (file: JsonObject) => JsonObject> = {
  /**
   * Version 0, the pre-release export: `{ version: 0, chats: [{ id, title, created, model, system,
   * messages: [{ role, content, time }] }] }` — linear chats, messages without ids.
   * Message ids are `<chat id>:<index>` (so importing the same file twice finds the same chats), each
   * message's parent is the one before it, and times only ever increase so that the order is kept.
   */
  0: (file) => {
    const chats = file.chats;
    if (!Array.isArray(chats))
      throw new MigrationIssue('chats', importText.expected('chats', importText.what.array));
    const sessions = chats.map((chat: unknown, i): JsonObject => {
      const cPath = `chats[${i}]`;
      if (!isObject(chat))
        throw new MigrationIssue(cPath, importText.expected(cPath, importText.what.object));
      const raw = chat.messages ?? [];
      if (!Array.isArray(raw))
        throw new MigrationIssue(
          `${cPath}.messages`,
          importText.expected(`${cPath}.messages`, importText.what.array),
        );
      const id =
        typeof chat.id === 'string' && chat.id
          ? chat.id
          : typeof chat.id === 'number' && Number.isFinite(chat.id)
            ? String(chat.id)
            : `v0-${Date.now().toString(36)}-${i}`;
      const firstTime = raw.map((m: unknown) => (isObject(m) ? toTime(m.time) : undefined)).find((t) => t);
      const created = toTime(chat.created) ?? firstTime ?? Date.now();
      const model = typeof chat.model === 'string' && chat.model ? chat.model : undefined;
      let last = created - 1;
      let parentId: string | null = null;
      const messages = raw.map((m: unknown, j): JsonObject => {
        const mPath = `${cPath}.messages[${j}]`;
        if (!isObject(m)) throw new MigrationIssue(mPath, importText.expected(mPath, importText.what.object));
        const createdAt = Math.max(toTime(m.time) ?? last + 1, last + 1);
        last = createdAt;
        const mid = `${id}:${j}`;
        const out: JsonObject = {
          id: mid,
          sessionId: id,
          parentId,
          role: m.role,
          content: m.content,
          status: 'done',
          createdAt,
        };
        if (m.role === 'assistant' && model) out.model = model;
        parentId = mid;
        return out;
      });
      const session: JsonObject = {
        id,
        title: typeof chat.title === 'string' ? chat.title : '',
        createdAt: created,
        updatedAt: Math.max(created, last),
        systemPrompt: typeof chat.system === 'string' ? chat.system : '',
        options: {},
      };
      if (model) session.model = model;
      return { session, messages };
    });
    return {
      format: 'causerie',
      schemaVersion: 1,
      exportedAt: new Date().toISOString(),
      app: 'Causerie',
      sessions,
      images: {},
    };
  },
};

/** The file's schema version, or a failure that says why it is not an import file we know. */
function versionOf(file: JsonObject): number {
  let v: unknown;
  let path: string;
  if (file.format === 'causerie') {
    v = file.schemaVersion;
    path = 'schemaVersion';
  } else if (file.format === undefined && has(file, 'version') && has(file, 'chats')) {
    v = file.version;
    path = 'version';
  } else {
    throw fail('not-causerie', importText.notCauserie);
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw fail('bad-version', importText.badVersion(path), path);
  if (v > FILE_SCHEMA_VERSION)
    throw fail('newer-version', importText.newerVersion(v, FILE_SCHEMA_VERSION), path);
  return v;
}

// ---- Validation of a current-schema file ----

const ROLES = new Set(['user', 'assistant', 'system']);
const STATUSES = new Set(['streaming', 'done', 'stopped', 'error']);
const KINDS = new Set(['ollama', 'openai', 'browser']);
const THINK_LEVELS = new Set(['low', 'medium', 'high']);
const AUTH_TYPES = new Set(['none', 'basic', 'bearer', 'headers']);
const PROMPT_KINDS = new Set(['prompt', 'system']);
const STAT_NUMBERS = [
  'evalCount',
  'promptEvalCount',
  'evalDurationNs',
  'promptEvalDurationNs',
  'loadDurationNs',
  'totalDurationNs',
  'ttftMs',
  'wallMs',
];

class Checker {
  readonly issues: ImportIssue[] = [];

  get full(): boolean {
    return this.issues.length >= IMPORT_LIMITS.issues;
  }

  add(path: string, message: string): false {
    if (!this.full) this.issues.push({ path, message });
    return false;
  }

  expect(path: string, what: string): false {
    return this.add(path, importText.expected(path, what));
  }

  object(o: JsonObject, key: string, path: string): JsonObject | null {
    const v = o[key];
    if (isObject(v)) return v;
    this.expect(at(path, key), importText.what.object);
    return null;
  }

  string(o: JsonObject, key: string, path: string): boolean {
    return typeof o[key] === 'string' || this.expect(at(path, key), importText.what.string);
  }

  id(o: JsonObject, key: string, path: string): boolean {
    return isValidId(o[key]) || this.expect(at(path, key), importText.what.id(IMPORT_LIMITS.idChars));
  }

  boolean(o: JsonObject, key: string, path: string): boolean {
    return typeof o[key] === 'boolean' || this.expect(at(path, key), importText.what.boolean);
  }

  number(o: JsonObject, key: string, path: string): boolean {
    const v = o[key];
    return (
      (typeof v === 'number' && Number.isFinite(v)) || this.expect(at(path, key), importText.what.number)
    );
  }

  /** Optional fields: absent or null (JSON has no `undefined`; non-finite numbers export as null) is dropped. */
  optional(
    o: JsonObject,
    key: string,
    path: string,
    check: (o: JsonObject, k: string, p: string) => boolean,
  ): void {
    if (!has(o, key)) return;
    if (o[key] === null || o[key] === undefined) {
      delete o[key];
      return;
    }
    check.call(this, o, key, path);
  }

  oneOf(o: JsonObject, key: string, path: string, allowed: Set<string>, what: string): boolean {
    const v = o[key];
    return (typeof v === 'string' && allowed.has(v)) || this.expect(at(path, key), what);
  }

  list(o: JsonObject, key: string, path: string, max: number): unknown[] | null {
    const v = o[key];
    if (!Array.isArray(v)) return this.expect(at(path, key), importText.what.array) || null;
    if (v.length > max) return this.add(at(path, key), importText.tooMany(at(path, key), max)) || null;
    return v;
  }
}

function checkSession(c: Checker, s: JsonObject, path: string): void {
  c.id(s, 'id', path);
  c.string(s, 'title', path);
  c.number(s, 'createdAt', path);
  c.number(s, 'updatedAt', path);
  c.string(s, 'systemPrompt', path);
  for (const k of ['model', 'keepAlive']) c.optional(s, k, path, c.string);
  for (const k of ['serverId', 'leafId']) c.optional(s, k, path, c.id);
  // Think: on/off, or a reasoning level for models that take one (gpt-oss).
  c.optional(s, 'think', path, (o, k, p) =>
    typeof o[k] === 'string' ? c.oneOf(o, k, p, THINK_LEVELS, 'low, medium or high') : c.boolean(o, k, p),
  );
  c.optional(s, 'pinned', path, c.boolean);
  const options = c.object(s, 'options', path);
  if (options) {
    const oPath = at(path, 'options');
    for (const k of NUMERIC_OPTIONS) c.optional(options, k, oPath, c.number);
    c.optional(options, 'stop', oPath, (o, k, p) => {
      const v = o[k];
      return (
        (Array.isArray(v) && v.every((x) => typeof x === 'string')) || c.expect(at(p, k), 'a list of texts')
      );
    });
  }
}

function checkMessage(
  c: Checker,
  m: JsonObject,
  path: string,
  sessionId: string,
  ids: Set<string>,
  images: Map<string, unknown>,
): void {
  c.id(m, 'id', path);
  if (sessionId && m.sessionId !== sessionId)
    c.add(at(path, 'sessionId'), importText.wrongSession(at(path, 'sessionId'), sessionId));
  if (m.parentId !== null) {
    if (!isValidId(m.parentId)) c.expect(at(path, 'parentId'), importText.what.parentId);
    else if (!ids.has(m.parentId) || m.parentId === m.id)
      c.add(at(path, 'parentId'), importText.danglingParent(at(path, 'parentId'), m.parentId));
  }
  c.oneOf(m, 'role', path, ROLES, importText.what.role);
  c.string(m, 'content', path);
  c.optional(m, 'thinking', path, c.string);
  if (c.oneOf(m, 'status', path, STATUSES, importText.what.status) && m.status === 'streaming') {
    // An answer that was still streaming when exported is as good as stopped.
    m.status = 'stopped';
  }
  c.number(m, 'createdAt', path);
  c.optional(m, 'model', path, c.string);
  c.optional(m, 'serverId', path, c.id);
  c.optional(m, 'compareId', path, c.id);
  c.optional(m, 'imageIds', path, (o, k, p) => {
    const list = o[k];
    const lPath = at(p, k);
    if (!Array.isArray(list)) return c.expect(lPath, importText.what.array);
    list.forEach((id: unknown, i) => {
      if (!isValidId(id)) c.expect(at(lPath, i), importText.what.id(IMPORT_LIMITS.idChars));
      else if (!images.has(id)) c.add(at(lPath, i), importText.missingImage(at(lPath, i), id));
    });
    return true;
  });
  checkDocumentFields(c, m, path);
  // A drawn answer's prompt and settings (issue 16).
  c.optional(m, 'imageGen', path, (o, k, p) => {
    const g = c.object(o, k, p);
    if (!g) return false;
    c.string(g, 'prompt', at(p, k));
    c.optional(g, 'negativePrompt', at(p, k), c.string);
    for (const n of ['width', 'height', 'seed']) c.number(g, n, at(p, k));
    for (const n of ['steps', 'count']) c.optional(g, n, at(p, k), c.number);
    return true;
  });
  c.optional(m, 'error', path, (o, k, p) => {
    const e = c.object(o, k, p);
    if (!e) return false;
    c.string(e, 'kind', at(p, k));
    c.string(e, 'title', at(p, k));
    c.optional(e, 'detail', at(p, k), c.string);
    return true;
  });
  c.optional(m, 'stats', path, (o, k, p) => {
    const st = c.object(o, k, p);
    if (!st) return false;
    for (const n of STAT_NUMBERS) c.optional(st, n, at(p, k), c.number);
    c.optional(st, 'doneReason', at(p, k), c.string);
    return true;
  });
}

// ---- Documents (issue 14) ----

const RETRIEVALS = new Set(['embedding', 'keyword']);

/** A message's documents, citations and how they were chosen. */
function checkDocumentFields(c: Checker, m: JsonObject, path: string): void {
  c.optional(m, 'documentIds', path, (o, k, p) => {
    const v = o[k];
    return (
      (Array.isArray(v) && v.every((x) => typeof x === 'string' && x)) ||
      c.expect(at(p, k), importText.what.array)
    );
  });
  c.optional(m, 'retrieval', path, (o, k, p) => c.oneOf(o, k, p, RETRIEVALS, 'embedding or keyword'));
  c.optional(m, 'citations', path, (o, k, p) => {
    const list = c.list(o, k, p, IMPORT_LIMITS.messages);
    list?.forEach((x: unknown, i) => {
      const cp = at(at(p, k), i);
      if (!isObject(x)) return c.expect(cp, importText.what.object);
      c.string(x, 'documentId', cp);
      c.string(x, 'name', cp);
      c.string(x, 'text', cp);
      c.optional(x, 'page', cp, c.number);
    });
    return !!list;
  });
}

/** A session's documents: checked like messages, and tied to the session they come with. */
function checkDocuments(c: Checker, entry: JsonObject, path: string, sessionId: string): DocumentRecord[] {
  if (!has(entry, 'documents') || entry.documents === null) return [];
  const list = c.list(entry, 'documents', path, IMPORT_LIMITS.messages) ?? [];
  const out: DocumentRecord[] = [];
  list.forEach((d: unknown, i) => {
    const p = at(at(path, 'documents'), i);
    if (!isObject(d)) return c.expect(p, importText.what.object);
    const before = c.issues.length;
    c.id(d, 'id', p);
    for (const k of ['name', 'mime', 'text']) c.string(d, k, p);
    for (const k of ['size', 'tokens', 'createdAt']) c.number(d, k, p);
    c.optional(d, 'pageStarts', p, (o, k, pp) => {
      const v = o[k];
      return (
        (Array.isArray(v) && v.every((x) => Number.isFinite(x))) || c.expect(at(pp, k), importText.what.array)
      );
    });
    if (c.issues.length === before) out.push({ ...(d as unknown as DocumentRecord), sessionId });
  });
  return out;
}

/** Parent chains must end at a root: a loop would make "the path to this message" endless. */
function checkCycles(c: Checker, messages: JsonObject[], path: string): void {
  const parentOf = new Map<string, string | null>();
  const indexOf = new Map<string, number>();
  messages.forEach((m, i) => {
    if (typeof m.id === 'string') {
      parentOf.set(m.id, typeof m.parentId === 'string' ? m.parentId : null);
      indexOf.set(m.id, i);
    }
  });
  const done = new Set<string>();
  for (const start of parentOf.keys()) {
    const seen = new Set<string>();
    let id: string | null | undefined = start;
    while (id && !done.has(id) && parentOf.has(id)) {
      if (seen.has(id)) {
        const p = `${path}[${indexOf.get(id) ?? 0}].parentId`;
        c.add(p, importText.cycle(p));
        break;
      }
      seen.add(id);
      id = parentOf.get(id);
    }
    for (const s of seen) done.add(s);
  }
}

function checkServer(c: Checker, s: JsonObject, path: string): void {
  c.id(s, 'id', path);
  c.string(s, 'name', path);
  c.oneOf(s, 'kind', path, KINDS, importText.what.kind);
  if (typeof s.baseUrl !== 'string' || !cleanBaseUrl(s.baseUrl))
    c.expect(at(path, 'baseUrl'), importText.what.url);
  c.oneOf(s, 'authType', path, AUTH_TYPES, importText.what.authType);
  c.number(s, 'createdAt', path);
  for (const k of ['username', 'origin', 'lastModel']) c.optional(s, k, path, c.string);
  for (const k of ['connectTimeoutMs', 'firstByteTimeoutMs']) c.optional(s, k, path, c.number);
  c.optional(s, 'headers', path, (o, k, p) => c.object(o, k, p) !== null);
}

/** A saved prompt (issue 17). Only its known fields are kept: nothing else rides along into storage. */
function checkPrompt(c: Checker, p: JsonObject, path: string): SavedPrompt | null {
  const before = c.issues.length;
  c.id(p, 'id', path);
  c.string(p, 'name', path);
  c.string(p, 'text', path);
  c.oneOf(p, 'kind', path, PROMPT_KINDS, 'prompt or system');
  c.number(p, 'createdAt', path);
  c.number(p, 'updatedAt', path);
  if (c.issues.length !== before) return null;
  const { id, name, text, kind, createdAt, updatedAt } = p as unknown as SavedPrompt;
  return { id, name, text, kind, createdAt, updatedAt };
}

/**
 * Images whose bytes are not a raster type (an SVG is a document that can carry script) are left out;
 * the messages keep their text and lose only those image ids.
 */
function dropImages(sessions: ExportedSession[], refused: Set<string>): void {
  for (const { messages } of sessions)
    for (const m of messages) {
      if (!m.imageIds?.some((id) => refused.has(id))) continue;
      const kept = m.imageIds.filter((id) => !refused.has(id));
      if (kept.length) m.imageIds = kept;
      else delete m.imageIds;
    }
}

/** The first `max` characters (never half of a surrogate pair), or null when the text fits. */
function cut(text: string, max: number): string | null {
  if (text.length <= max) return null;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** A long text cut at `max`, with a note saying how much was left out. */
function clipLong(text: string, max: number): string | null {
  const kept = cut(text, max);
  return kept === null ? null : `${kept}\n\n${importText.cutNote(max, text.length - kept.length)}`;
}

/** A one-line field (name, title) cut at `max` with an ellipsis. */
function clipShort(text: string, max: number): string | null {
  const kept = cut(text, max - 1);
  return kept === null || text.length <= max ? null : `${kept}…`;
}

/** Cuts what is over the size limits; returns how many fields were cut. */
function clipSessions(sessions: ExportedSession[]): number {
  let n = 0;
  const apply = <T extends object>(
    o: T,
    key: keyof T & string,
    f: (s: string, max: number) => string | null,
    max: number,
  ) => {
    const v = (o as Record<string, unknown>)[key];
    if (typeof v !== 'string') return;
    const next = f(v, max);
    if (next === null) return;
    (o as Record<string, unknown>)[key] = next;
    n++;
  };
  for (const { session, messages } of sessions) {
    apply(session, 'title', clipShort, IMPORT_LIMITS.nameChars);
    apply(session, 'model', clipShort, IMPORT_LIMITS.modelChars);
    apply(session, 'systemPrompt', clipLong, IMPORT_LIMITS.messageChars);
    for (const m of messages) {
      apply(m, 'content', clipLong, IMPORT_LIMITS.messageChars);
      apply(m, 'thinking', clipLong, IMPORT_LIMITS.messageChars);
      apply(m, 'model', clipShort, IMPORT_LIMITS.modelChars);
      if (m.error) {
        apply(m.error, 'title', clipShort, IMPORT_LIMITS.errorChars);
        apply(m.error, 'detail', clipShort, IMPORT_LIMITS.errorChars);
        apply(m.error, 'kind', clipShort, IMPORT_LIMITS.modelChars);
      }
    }
  }
  return n;
}

function clipServers(servers: ExportedServer[]): number {
  let n = 0;
  for (const s of servers) {
    for (const key of ['name', 'username'] as const) {
      const v = s[key];
      const next = typeof v === 'string' ? clipShort(v, IMPORT_LIMITS.nameChars) : null;
      if (next !== null) {
        s[key] = next;
        n++;
      }
    }
    const model = s.lastModel !== undefined ? clipShort(s.lastModel, IMPORT_LIMITS.modelChars) : null;
    if (model !== null) {
      s.lastModel = model;
      n++;
    }
  }
  return n;
}

function clipPrompts(prompts: SavedPrompt[]): number {
  let n = 0;
  for (const p of prompts) {
    const name = clipShort(p.name, IMPORT_LIMITS.nameChars);
    const text = clipLong(p.text, IMPORT_LIMITS.messageChars);
    if (name !== null) p.name = name;
    if (text !== null) p.text = text;
    n += Number(name !== null) + Number(text !== null);
  }
  return n;
}

function validate(file: JsonObject, sourceVersion: number): ImportPlan {
  const c = new Checker();
  if (has(file, 'exportedAt') && file.exportedAt !== null && typeof file.exportedAt !== 'string')
    c.expect('exportedAt', importText.what.string);

  // Images first: messages refer to them.
  const rawImages = file.images ?? {};
  const images = new Map<string, JsonObject>();
  if (!isObject(rawImages)) c.expect('images', importText.what.object);
  else {
    const ids = Object.keys(rawImages);
    if (ids.length > IMPORT_LIMITS.images)
      c.add('images', importText.tooMany('images', IMPORT_LIMITS.images));
    else
      for (const id of ids) {
        const img = rawImages[id];
        const p = at('images', id);
        if (!isValidId(id)) c.add(p, importText.badImageId(p, IMPORT_LIMITS.idChars));
        else if (!isObject(img)) c.expect(p, importText.what.object);
        else images.set(id, img);
      }
  }

  const rawSessions = c.list(file, 'sessions', '', IMPORT_LIMITS.sessions) ?? [];
  const sessions: ExportedSession[] = [];
  const sessionIds = new Set<string>();
  let messageCount = 0;
  const referenced = new Set<string>();
  rawSessions.forEach((entry: unknown, i) => {
    if (c.full) return;
    const ePath = `sessions[${i}]`;
    if (!isObject(entry)) return c.expect(ePath, importText.what.object);
    const s = c.object(entry, 'session', ePath);
    const msgs = c.list(entry, 'messages', ePath, IMPORT_LIMITS.messages);
    const sPath = at(ePath, 'session');
    const mPath = at(ePath, 'messages');
    if (s) {
      checkSession(c, s, sPath);
      if (typeof s.id === 'string' && s.id) {
        if (sessionIds.has(s.id)) c.add(at(sPath, 'id'), importText.duplicateId(at(sPath, 'id'), s.id));
        sessionIds.add(s.id);
      }
    }
    if (!msgs) return;
    messageCount += msgs.length;
    if (messageCount > IMPORT_LIMITS.messages) {
      c.add(mPath, importText.tooMany('sessions[*].messages', IMPORT_LIMITS.messages));
      return;
    }
    const objects: JsonObject[] = [];
    const ids = new Set<string>();
    msgs.forEach((m: unknown, j) => {
      if (!isObject(m)) return c.expect(at(mPath, j), importText.what.object);
      objects.push(m);
      if (typeof m.id === 'string' && m.id) {
        if (ids.has(m.id))
          c.add(at(at(mPath, j), 'id'), importText.duplicateId(at(at(mPath, j), 'id'), m.id));
        ids.add(m.id);
      }
    });
    if (objects.length !== msgs.length) return;
    const sid = s && typeof s.id === 'string' ? s.id : '';
    objects.forEach((m, j) => {
      if (!c.full) checkMessage(c, m, at(mPath, j), sid, ids, images);
      if (Array.isArray(m.imageIds))
        for (const id of m.imageIds) if (typeof id === 'string') referenced.add(id);
    });
    checkCycles(c, objects, mPath);
    const documents = checkDocuments(c, entry, ePath, sid);
    if (s)
      sessions.push({
        session: s as unknown as SessionRecord,
        messages: objects as unknown as MessageRecord[],
        ...(documents.length ? { documents } : {}),
      });
  });

  // The declared `mime` is only checked for shape: what is stored is what the bytes are.
  const decoded = new Map<string, StoredImage>();
  const refused = new Set<string>();
  for (const [id, img] of images) {
    if (c.full) break;
    const p = at('images', id);
    const mime = img.mime;
    if (typeof mime !== 'string' || !SAFE_MIME.test(mime)) c.expect(at(p, 'mime'), importText.what.mime);
    if (typeof img.base64 !== 'string') {
      c.expect(at(p, 'base64'), importText.what.string);
      continue;
    }
    const bytes = base64ToBytes(img.base64);
    if (!bytes) c.add(at(p, 'base64'), importText.badBase64(at(p, 'base64')));
    else if (referenced.has(id)) {
      const image = rasterImage(bytes);
      if (image) decoded.set(id, image);
      else refused.add(id);
    }
  }

  const servers: ExportedServer[] = [];
  if (has(file, 'servers') && file.servers !== null) {
    const list = c.list(file, 'servers', '', IMPORT_LIMITS.servers) ?? [];
    list.forEach((s: unknown, i) => {
      const p = `servers[${i}]`;
      if (!isObject(s)) return c.expect(p, importText.what.object);
      const before = c.issues.length;
      checkServer(c, s, p);
      if (c.issues.length === before) servers.push(publicServer(s as unknown as ExportedServer));
    });
  }

  const prompts: SavedPrompt[] = [];
  if (has(file, 'prompts') && file.prompts !== null) {
    const ids = new Set<string>();
    const list = c.list(file, 'prompts', '', IMPORT_LIMITS.prompts) ?? [];
    list.forEach((x: unknown, i) => {
      const p = `prompts[${i}]`;
      if (!isObject(x)) return c.expect(p, importText.what.object);
      const prompt = checkPrompt(c, x, p);
      if (!prompt) return;
      if (ids.has(prompt.id)) c.add(at(p, 'id'), importText.duplicateId(at(p, 'id'), prompt.id));
      ids.add(prompt.id);
      prompts.push(prompt);
    });
  }

  if (c.issues.length) throw new Fail('invalid', c.issues);
  if (refused.size) dropImages(sessions, refused);
  const truncated = clipSessions(sessions) + clipServers(servers) + clipPrompts(prompts);
  return {
    ok: true,
    sourceVersion,
    ...(typeof file.exportedAt === 'string' ? { exportedAt: file.exportedAt } : {}),
    sessions,
    images: decoded,
    servers,
    prompts,
    counts: {
      sessions: sessions.length,
      messages: messageCount,
      images: decoded.size,
      servers: servers.length,
      prompts: prompts.length,
      imagesRefused: refused.size,
      truncated,
    },
  };
}

/**
 * Reads an export file and checks all of it; nothing is written. Older schema versions are migrated
 * first. On success the plan holds clean records and decoded images for `applyImport`.
 */
export function parseImport(text: string): ImportPlan | ImportError {
  try {
    if (typeof text !== 'string') throw fail('syntax', importText.syntax);
    const parsed = parseJson(text);
    walk(parsed);
    if (!isObject(parsed)) throw fail('not-causerie', importText.notCauserie);
    const sourceVersion = versionOf(parsed);
    let file = parsed;
    for (let v = sourceVersion; v < FILE_SCHEMA_VERSION; v++) {
      const step = migrations[v];
      if (!step) throw fail('bad-version', importText.noMigration(v));
      try {
        file = step(file);
      } catch (e) {
        if (e instanceof MigrationIssue) throw fail('invalid', e.message, e.path);
        throw e;
      }
    }
    return validate(file, sourceVersion);
  } catch (e) {
    if (e instanceof Fail) return importError(e.code, e.issues);
    // Anything else is a bug or an engine limit (e.g. out of memory); never a partial plan.
    return importError('invalid', [{ path: '', message: e instanceof Error ? e.message : String(e) }]);
  }
}
