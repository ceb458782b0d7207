import { createProvider, splitUrlCredentials } from '../lib/providers';
import type { Auth, Connection, Provider } from '../lib/providers/types';
import { uid } from '../lib/id';
import type { HostConfig, UrlPrefill } from '../lib/config';
import { metaDb, serversDb } from '../lib/storage/db';
import { broadcast } from '../lib/storage/sync';
import type { ServerProfile } from '../lib/storage/types';
import { describeError, type AlertKind, type ShownError } from './errors';
import { m } from '../lib/i18n/messages';
import { notify } from './notify.svelte';
import { DEFAULT_CONNECT_TIMEOUT_S, DEFAULT_FIRST_BYTE_TIMEOUT_S } from '../lib/timeouts';

export const DEFAULT_BASE_URL = 'http://localhost:11434';

export type ServerStatus =
  | { state: 'unknown' }
  | { state: 'checking' }
  | { state: 'ok'; version: string }
  | { state: 'error'; error: ShownError };

interface Secrets {
  password?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export type ServerDraft = Omit<ServerProfile, 'id' | 'createdAt' | 'origin'> & { id?: string };

function sameUrl(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** Same scheme, host and port: where secrets may go. */
function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b.includes('://') ? b : `http://${b}`).origin;
  } catch {
    return false;
  }
}

function hostName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Failures that mean the server itself cannot be used right now (its status dot turns red). */
const SERVER_DOWN = new Set<AlertKind>([
  'unreachable',
  'cors',
  'mixed-content',
  'timeout',
  'proxy',
  'auth',
  'config',
]);

class ServersStore {
  #profiles = $state<ServerProfile[]>([]);
  #selectedId = $state<string | null>(null);
  // Secrets that are not remembered live here only, for this tab.
  #secrets = $state<Record<string, Secrets>>({});
  #status = $state<Record<string, ServerStatus>>({});
  // Profiles from import files the user has not accepted: never in `profiles`, never contacted.
  #imported = $state<ServerProfile[]>([]);

  get profiles(): ServerProfile[] {
    return this.#profiles;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  byId(id: string | undefined): ServerProfile | undefined {
    return this.#profiles.find((p) => p.id === id);
  }

  status(id: string): ServerStatus {
    return this.#status[id] ?? { state: 'unknown' };
  }

  /** Servers from import files waiting for the user to accept or refuse them. */
  get pendingImports(): ServerProfile[] {
    return this.#imported.filter((p) => p.imported === 'pending');
  }

  /** The imported profile with this id that the user has not accepted (pending or refused). */
  importedById(id: string | undefined): ServerProfile | undefined {
    return this.#imported.find((p) => p.id === id);
  }

  /** The user trusts this imported server: it joins the list (not selected) and may be contacted. */
  async acceptImported(id: string): Promise<void> {
    const p = this.importedById(id);
    if (!p) return;
    const { imported: _, ...accepted } = $state.snapshot(p) as ServerProfile;
    await serversDb.put(accepted);
    this.#imported = this.#imported.filter((x) => x.id !== id);
    this.#profiles = [...this.#profiles, accepted].sort((a, b) => a.createdAt - b.createdAt);
    broadcast({ type: 'servers' });
  }

  /** The user refuses this imported server: it is never contacted; its chats open read-only. */
  async refuseImported(id: string): Promise<void> {
    const p = this.importedById(id);
    if (!p) return;
    const refused: ServerProfile = { ...($state.snapshot(p) as ServerProfile), imported: 'refused' };
    await serversDb.put(refused);
    this.#imported = this.#imported.map((x) => (x.id === id ? refused : x));
    broadcast({ type: 'servers' });
  }

  /** Splits stored profiles into usable ones and imported ones awaiting (or refused) confirmation. */
  #split(all: ServerProfile[]): ServerProfile[] {
    this.#imported = all.filter((p) => p.imported);
    return all.filter((p) => !p.imported);
  }

  /** Loads profiles, merges the host's presets and the URL prefill, and picks the server to show. */
  async init(config: HostConfig, prefill: UrlPrefill): Promise<void> {
    let profiles = this.#split(await serversDb.all());
    const removedPresets = (await metaDb.get<string[]>('removedPresets')) ?? [];
    const now = Date.now();
    for (const preset of config.servers) {
      if (
        removedPresets.includes(preset.id) ||
        profiles.some((p) => p.id === preset.id) ||
        this.importedById(preset.id)
      )
        continue;
      const p: ServerProfile = { ...preset, rememberSecrets: false, origin: 'config', createdAt: now };
      await serversDb.put(p);
      profiles = [...profiles, p];
    }
    let pick: ServerProfile | undefined;
    // `?server=http://bob:PASS@host`: the login is lifted out of the address. The password stays in
    // this tab's memory only (the user can tick Remember in the server form).
    const address = prefill.server ? splitUrlCredentials(prefill.server) : null;
    if (address) {
      pick = profiles.find((p) => sameUrl(p.baseUrl, address.baseUrl));
      if (!pick) {
        pick = this.#fresh(address.baseUrl, 'url');
        if (address.username !== undefined || address.password !== undefined) {
          pick = { ...pick, authType: 'basic', username: address.username };
        }
        await serversDb.put(pick);
        profiles = [...profiles, pick];
      }
      if (address.password !== undefined) this.#secrets[pick.id] = { password: address.password };
    }
    if (profiles.length === 0) {
      pick = this.#fresh(DEFAULT_BASE_URL, 'default');
      pick.name = m.defaultServerName;
      await serversDb.put(pick);
      profiles = [pick];
    }
    this.#profiles = profiles.sort((a, b) => a.createdAt - b.createdAt);
    const lastId = await metaDb.get<string>('selectedServer');
    pick ??= this.byId(lastId) ?? profiles.find((p) => p.id === config.defaultServer) ?? this.#profiles[0];
    this.#selectedId = pick?.id ?? null;
  }

  /** Another tab changed the profiles: re-read them, keeping this tab's selection and secrets. */
  async reload(): Promise<void> {
    this.#profiles = this.#split(await serversDb.all()).sort((a, b) => a.createdAt - b.createdAt);
    if (!this.byId(this.#selectedId ?? undefined)) this.#selectedId = this.#profiles[0]?.id ?? null;
  }

  #fresh(baseUrl: string, origin: ServerProfile['origin']): ServerProfile {
    return {
      id: uid(),
      name: hostName(baseUrl),
      kind: 'ollama',
      baseUrl: baseUrl.replace(/\/+$/, ''),
      authType: 'none',
      rememberSecrets: false,
      origin,
      createdAt: Date.now(),
    };
  }

  async select(id: string): Promise<void> {
    if (!this.byId(id)) return;
    this.#selectedId = id;
    void metaDb.set('selectedServer', id).catch(() => {});
  }

  /** Saves a new or edited profile. Secrets go to storage only when the user chose to remember them. */
  async save(draft: ServerDraft): Promise<ServerProfile> {
    const existing = draft.id ? this.byId(draft.id) : undefined;
    // A profile moved to another host forgets its secrets: a key meant for one server is never sent
    // to another. The form then asks for them again.
    const moved = existing && !sameOrigin(existing.baseUrl, draft.baseUrl);
    if (moved) {
      const held = this.secretsOf(existing.id);
      delete this.#secrets[existing.id];
      // Only what the user typed anew for the new address is kept.
      draft = {
        ...draft,
        password: draft.password !== held.password ? draft.password : undefined,
        apiKey: draft.apiKey !== held.apiKey ? draft.apiKey : undefined,
        headers: JSON.stringify(draft.headers) !== JSON.stringify(held.headers) ? draft.headers : undefined,
      };
    }
    const full: ServerProfile = {
      ...existing,
      ...draft,
      baseUrl: draft.baseUrl.trim().replace(/\/+$/, ''),
      id: existing?.id ?? uid(),
      origin: existing?.origin ?? 'user',
      createdAt: existing?.createdAt ?? Date.now(),
    };
    this.#secrets[full.id] = { password: full.password, apiKey: full.apiKey, headers: full.headers };
    const stored: ServerProfile = full.rememberSecrets
      ? full
      : { ...full, password: undefined, apiKey: undefined, headers: undefined };
    await serversDb.put($state.snapshot(stored) as ServerProfile);
    this.#profiles = existing
      ? this.#profiles.map((p) => (p.id === full.id ? stored : p))
      : [...this.#profiles, stored];
    this.#status[full.id] = { state: 'unknown' };
    broadcast({ type: 'servers' });
    return stored;
  }

  /** Removes a profile and offers Undo, which puts it back with the secrets this tab held. */
  async remove(id: string, onUndone?: () => Promise<void>): Promise<void> {
    const found = this.byId(id);
    if (!found) return;
    const p = $state.snapshot(found) as ServerProfile;
    const secrets = $state.snapshot(this.#secrets[id]);
    await serversDb.remove(id);
    const removedPresets = (await metaDb.get<string[]>('removedPresets')) ?? [];
    if (p.origin === 'config') await metaDb.set('removedPresets', [...removedPresets, id]);
    this.#profiles = this.#profiles.filter((x) => x.id !== id);
    delete this.#secrets[id];
    if (this.#selectedId === id) this.#selectedId = this.#profiles[0]?.id ?? null;
    broadcast({ type: 'servers' });
    notify.offerUndo(m.removedServer(p.name), async () => {
      await serversDb.put(p);
      if (p.origin === 'config') await metaDb.set('removedPresets', removedPresets);
      if (secrets) this.#secrets[id] = secrets;
      this.#profiles = [...this.#profiles.filter((x) => x.id !== id), p].sort(
        (a, b) => a.createdAt - b.createdAt,
      );
      broadcast({ type: 'servers' });
      await onUndone?.();
    });
  }

  /** Secrets typed in the login prompt for a profile that does not remember them. */
  async setSecrets(id: string, secrets: Secrets & { username?: string }): Promise<void> {
    this.#secrets[id] = { ...this.#secrets[id], ...secrets };
    const p = this.byId(id);
    if (p && secrets.username !== undefined && secrets.username !== p.username) {
      await this.save({ ...p, username: secrets.username, ...this.#secrets[id] });
    }
  }

  /** The secrets this tab holds for a profile (typed in this tab, or remembered). */
  secretsOf(id: string): Secrets {
    const p = this.byId(id);
    return { password: p?.password, apiKey: p?.apiKey, headers: p?.headers, ...this.#definedSecrets(id) };
  }

  /** True when the profile needs a password or key that this tab does not have. */
  needsSecrets(id: string): boolean {
    const p = this.byId(id);
    if (!p) return false;
    const s = { ...p, ...this.#definedSecrets(id) };
    if (p.authType === 'basic') return !s.password;
    if (p.authType === 'bearer') return !s.apiKey;
    return false;
  }

  #definedSecrets(id: string): Secrets {
    const s = this.#secrets[id] ?? {};
    return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Secrets;
  }

  connection(id: string): Connection | null {
    const p = this.byId(id);
    if (!p) return null;
    const s = { ...p, ...this.#definedSecrets(id) };
    let auth: Auth = { type: 'none' };
    if (p.authType === 'basic')
      auth = { type: 'basic', username: s.username ?? '', password: s.password ?? '' };
    else if (p.authType === 'bearer') auth = { type: 'bearer', apiKey: s.apiKey ?? '' };
    else if (p.authType === 'headers') auth = { type: 'headers', headers: { ...s.headers } };
    return {
      baseUrl: p.baseUrl,
      kind: p.kind,
      auth,
      connectTimeoutMs: p.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_S * 1000,
      firstByteTimeoutMs: p.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_S * 1000,
    };
  }

  provider(id: string): Provider | null {
    const c = this.connection(id);
    return c ? createProvider(c) : null;
  }

  async checkStatus(id: string): Promise<ServerStatus> {
    const provider = this.provider(id);
    if (!provider) return { state: 'unknown' };
    this.#status[id] = { state: 'checking' };
    let status: ServerStatus;
    try {
      status = { state: 'ok', version: await provider.version() };
    } catch (e) {
      status = { state: 'error', error: describeError(e) };
    }
    this.#status[id] = status;
    return status;
  }

  /** A request to the server worked: a dot left red by an earlier failure is checked again. */
  noteReachable(id: string): void {
    if (this.#status[id]?.state === 'error') void this.checkStatus(id);
  }

  /** A request to the server failed in a way that says the server (not the model) is the problem. */
  noteFailure(id: string, shown: ShownError): void {
    if (SERVER_DOWN.has(shown.kind)) this.#status[id] = { state: 'error', error: shown };
  }

  /** Forgets everything in memory (tests start from nothing). */
  reset(): void {
    this.#profiles = [];
    this.#selectedId = null;
    this.#secrets = {};
    this.#status = {};
  }

  async rememberModel(id: string, model: string): Promise<void> {
    const p = this.byId(id);
    if (!p || p.lastModel === model) return;
    const next = { ...p, lastModel: model };
    this.#profiles = this.#profiles.map((x) => (x.id === id ? next : x));
    await serversDb.put($state.snapshot(next) as ServerProfile);
  }
}

export const servers = new ServersStore();
notify.onServerFailure((_e, shown, id) => servers.noteFailure(id, shown));
