// What the words for failures decide, shared by every language (./errors.ts, ./fr/errors.ts), so a
// translation changes the words and never the diagnosis.
import type { ErrorContext } from '../providers/types';
import { numberFormat } from './locale';

/** 800 ms, 1.5 s, 30 s (1,5 s in French). */
export const duration = (ms = 0): string =>
  ms < 1000 ? `${ms} ms` : `${numberFormat({ maximumFractionDigits: 1 }).format(ms / 1000)} s`;

export function sentences(...parts: (string | undefined | false)[]): string | undefined {
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}

export const isLoopbackName = (host = '') =>
  host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';

/** The origin to put in OLLAMA_ORIGINS: a file:// page sends "null", which only `*` admits. */
export function allowedOrigin(c: ErrorContext): string {
  return !c.origin || c.origin === 'null' ? '*' : c.origin;
}

/** The Origin header a curl check should send, as the browser did. */
export const originToCheck = (c: ErrorContext): string =>
  c.origin && c.origin !== 'null' ? c.origin : 'null';

export const isLocalPageOrigin = (c: ErrorContext): boolean =>
  /^https?:\/\/(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(c.origin ?? '');
