// Deployment configuration for a static page: URL parameters and an optional causerie.config.json
// next to index.html. Everything here is untrusted input and is validated field by field.
import { NUMERIC_OPTIONS } from './chat/optionNames';
import type { GenerationOptions, ServerKind } from './providers/types';
import type { AuthType } from './storage/types';

export interface PresetServer {
  id: string;
  name: string;
  baseUrl: string;
  kind: ServerKind;
  authType: AuthType;
  username?: string;
  /** A server many people use (a course's): pulling and deleting models is hidden unless enabled. */
  shared?: boolean;
}

export interface HostConfig {
  servers: PresetServer[];
  defaultServer?: string;
  defaultModel?: string;
  defaults?: { systemPrompt?: string; options?: GenerationOptions };
}

export interface UrlPrefill {
  server?: string;
  model?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function readUrlPrefill(search: string): UrlPrefill {
  const p = new URLSearchParams(search);
  const server = str(p.get('server'));
  return { server: server && isHttpUrl(server) ? server : undefined, model: str(p.get('model')) };
}

export function parseOptions(raw: unknown): GenerationOptions {
  const out: GenerationOptions = {};
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  for (const k of NUMERIC_OPTIONS) {
    const v = r[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  if (Array.isArray(r.stop)) out.stop = r.stop.filter((s): s is string => typeof s === 'string');
  return out;
}

export function parseHostConfig(raw: unknown): HostConfig {
  const cfg: HostConfig = { servers: [] };
  if (!raw || typeof raw !== 'object') return cfg;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.servers)) {
    for (const s of r.servers as unknown[]) {
      if (!s || typeof s !== 'object') continue;
      const o = s as Record<string, unknown>;
      const baseUrl = str(o.baseUrl);
      if (!baseUrl || !isHttpUrl(baseUrl)) continue;
      const auth = str(o.auth);
      cfg.servers.push({
        id: str(o.id) ?? baseUrl,
        name: str(o.name) ?? new URL(baseUrl).host,
        baseUrl,
        kind: o.kind === 'openai' ? 'openai' : 'ollama',
        // Secrets are never read from a shipped file: whoever opens the page types their own.
        authType: auth === 'basic' || auth === 'bearer' || auth === 'headers' ? auth : 'none',
        username: str(o.username),
        ...(o.shared === true ? { shared: true } : {}),
      });
    }
  }
  cfg.defaultServer = str(r.defaultServer);
  cfg.defaultModel = str(r.defaultModel);
  if (r.defaults && typeof r.defaults === 'object') {
    const d = r.defaults as Record<string, unknown>;
    cfg.defaults = { systemPrompt: str(d.systemPrompt), options: parseOptions(d.options) };
  }
  return cfg;
}

/** Fetches ./causerie.config.json from the page's own origin; absent or broken means no presets. */
export async function loadHostConfig(): Promise<HostConfig> {
  try {
    const res = await fetch(new URL('causerie.config.json', document.baseURI), { cache: 'no-cache' });
    if (!res.ok) return { servers: [] };
    return parseHostConfig(await res.json());
  } catch {
    return { servers: [] };
  }
}
