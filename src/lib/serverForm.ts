// Turns what the user typed in the server form into a profile draft, or says what is wrong.
import { panelText } from './i18n/panels';
import { splitUrlCredentials } from './providers/auth';
import type { ServerKind } from './providers/types';
import type { AuthType, ServerProfile } from './storage/types';

export interface ServerFields {
  name: string;
  baseUrl: string;
  kind: ServerKind;
  authType: AuthType;
  username: string;
  password: string;
  apiKey: string;
  headers: string;
  rememberSecrets: boolean;
  manageModels: boolean;
  /** Seconds, as typed; empty means the default. */
  connectTimeout: string | number | null;
  firstByteTimeout: string | number | null;
}

export { DEFAULT_CONNECT_TIMEOUT_S, DEFAULT_FIRST_BYTE_TIMEOUT_S } from './timeouts';

/** A number input bound with bind:value gives a number or null; typed text a string. */
function seconds(value: string | number | null): number | undefined {
  const text = String(value ?? '').trim();
  const n = Number(text);
  return text && Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : undefined;
}

export function fieldsFrom(
  p: ServerProfile | undefined,
  secrets?: { password?: string; apiKey?: string; headers?: Record<string, string> },
): ServerFields {
  return {
    name: p?.name ?? '',
    baseUrl: p?.baseUrl ?? '',
    kind: p?.kind ?? 'ollama',
    authType: p?.authType ?? 'none',
    username: p?.username ?? '',
    password: secrets?.password ?? p?.password ?? '',
    apiKey: secrets?.apiKey ?? p?.apiKey ?? '',
    headers: formatHeaders(secrets?.headers ?? p?.headers),
    rememberSecrets: p?.rememberSecrets ?? false,
    manageModels: p?.manageModels ?? false,
    connectTimeout: p?.connectTimeoutMs ? String(p.connectTimeoutMs / 1000) : '',
    firstByteTimeout: p?.firstByteTimeoutMs ? String(p.firstByteTimeoutMs / 1000) : '',
  };
}

export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    if (name) out[name] = line.slice(i + 1).trim();
  }
  return out;
}

export function formatHeaders(h: Record<string, string> | undefined): string {
  return h
    ? Object.entries(h)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')
    : '';
}

/**
 * Moves a `user:pass@` typed into the address into the login fields (credentials never stay in a URL).
 * Returns the new fields, and whether anything moved.
 */
export function liftCredentials(f: ServerFields): { fields: ServerFields; moved: boolean } {
  const split = splitUrlCredentials(f.baseUrl);
  if (!split || (!split.username && !split.password)) return { fields: f, moved: false };
  return {
    fields: {
      ...f,
      baseUrl: split.baseUrl,
      authType: 'basic',
      username: split.username ?? f.username,
      password: split.password ?? f.password,
    },
    moved: true,
  };
}

export type ServerPreset = 'localOllama' | 'ollamaLogin' | 'openai';

/** Starting points for a new server, by what people usually have. */
export const SERVER_PRESETS: Record<ServerPreset, Partial<ServerFields>> = {
  localOllama: {
    name: panelText.localOllamaName,
    baseUrl: 'http://localhost:11434',
    kind: 'ollama',
    authType: 'none',
  },
  ollamaLogin: { kind: 'ollama', authType: 'basic', baseUrl: 'https://' },
  openai: { kind: 'openai', authType: 'bearer', baseUrl: 'http://localhost:8080/v1' },
};

export type FieldErrors = Partial<Record<'baseUrl', string>>;

/** "This browser" has no address; its profile carries this one so every profile has a URL. */
export const BROWSER_BASE_URL = 'inpage://this-browser';

export function validate(f: ServerFields): FieldErrors {
  const errors: FieldErrors = {};
  if (f.kind !== 'browser' && !splitUrlCredentials(f.baseUrl)) errors.baseUrl = panelText.invalidUrl;
  return errors;
}

/**
 * Pull and Delete are offered on an Ollama server unless many people share it (the host says so, or
 * it needs a login, as a teacher's server does): there the user must turn them on.
 */
export function canManageModels(
  p: Pick<ServerProfile, 'kind' | 'shared' | 'authType' | 'manageModels'>,
): boolean {
  if (p.kind !== 'ollama') return false;
  return !!p.manageModels || (!p.shared && p.authType === 'none');
}

export function draftFrom(input: ServerFields, id?: string) {
  // "This browser" has no address and no login.
  const browser = input.kind === 'browser';
  const f = browser ? { ...input, baseUrl: BROWSER_BASE_URL, authType: 'none' as const } : input;
  const baseUrl = splitUrlCredentials(f.baseUrl)?.baseUrl ?? f.baseUrl.trim();
  return {
    id,
    name: f.name.trim() || (browser ? panelText.kindBrowser : new URL(baseUrl).host),
    // Adds a missing http:// and drops a trailing slash.
    baseUrl,
    kind: f.kind,
    authType: f.authType,
    username: f.authType === 'basic' ? f.username : undefined,
    password: f.authType === 'basic' ? f.password : undefined,
    apiKey: f.authType === 'bearer' ? f.apiKey : undefined,
    headers: f.authType === 'headers' ? parseHeaders(f.headers) : undefined,
    rememberSecrets: f.rememberSecrets,
    manageModels: f.manageModels || undefined,
    connectTimeoutMs: seconds(f.connectTimeout),
    firstByteTimeoutMs: seconds(f.firstByteTimeout),
  };
}
