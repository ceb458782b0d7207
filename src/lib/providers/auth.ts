// Credentials and addresses. Secrets travel only in headers, never in a URL (`fetch` refuses
// `http://user:pass@host` anyway), and never in an error text.
import type { Auth, ServerKind } from './types';

/** `btoa` only takes Latin-1: encode the UTF-8 bytes so "José:mañana" or "用户" work. */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${base64Utf8(`${username}:${password}`)}`;
}

export function authHeaders(auth: Auth): Record<string, string> {
  switch (auth.type) {
    case 'basic':
      return { Authorization: basicAuthorization(auth.username, auth.password) };
    case 'bearer':
      return auth.apiKey ? { Authorization: `Bearer ${auth.apiKey}` } : {};
    case 'headers':
      return Object.fromEntries(Object.entries(auth.headers).filter(([name]) => name.trim() !== ''));
    case 'none':
      return {};
  }
}

/**
 * Shorter values are left alone: they can't be told from ordinary words, and blanking every "1"
 * of a custom `X-Debug: 1` header would garble the message without protecting anything.
 */
const MIN_SECRET_LENGTH = 4;

/** Every value that must never be shown: passwords, keys, the encoded Basic token, header values. */
export function secretsOf(auth: Auth): string[] {
  const values: string[] = [];
  if (auth.type === 'basic') {
    values.push(
      auth.password,
      `${auth.username}:${auth.password}`,
      base64Utf8(`${auth.username}:${auth.password}`),
    );
    values.push(encodeURIComponent(auth.password));
  } else if (auth.type === 'bearer') {
    values.push(auth.apiKey);
  } else if (auth.type === 'headers') {
    values.push(...Object.values(auth.headers));
  }
  // Longest first, so a secret containing another is blanked whole.
  return [...new Set(values.filter((v) => v.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('•••');
  }
  return out;
}

export interface ServerAddress {
  /** The address without credentials, query or trailing slash. */
  baseUrl: string;
  username?: string;
  password?: string;
}

const hasScheme = (s: string) => /^[a-z][a-z\d+.-]*:\/\//i.test(s);

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Reads what a user typed in the server form: adds `http://` when the scheme is missing and moves
 * `user:pass@` out of the URL into fields. Null when it is not an http(s) address.
 */
export function splitUrlCredentials(input: string): ServerAddress | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(hasScheme(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  const username = url.username ? decode(url.username) : undefined;
  const password = url.password ? decode(url.password) : undefined;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const baseUrl = url.href.replace(/\/+$/, '');
  return {
    baseUrl,
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
  };
}

/**
 * The root every path is appended to. OpenAI-compatible servers are typed both with and without
 * `/v1` (`http://h:8000` and `http://h:8000/v1`); Ollama users sometimes add `/api`. Strip either,
 * since the providers add it back per request.
 */
export function normalizeBaseUrl(input: string, kind: ServerKind): string | null {
  const address = splitUrlCredentials(input);
  if (!address) return null;
  const suffix = kind === 'openai' ? /\/v1$/i : /\/api$/i;
  return address.baseUrl.replace(suffix, '');
}
