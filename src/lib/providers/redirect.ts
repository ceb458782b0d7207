// What can be said about a redirect Causerie did not follow. Loaded only when a server redirects.
import { anySignal } from './http';
import { targetAddressSpace, type PageInfo } from './page';
import type { ErrorContext } from './types';

/** How long the look at the same host over https may take. */
const TWIN_TIMEOUT_MS = 3_000;

/**
 * The Base URL to offer: an https address on the same host. Other runtimes show a redirect's
 * Location, and a move to https on the same host is read from it. Browsers hide it (an
 * "opaque-redirect" response), so the same host is asked over https instead, with nothing of the
 * user's (no login, no key, no header, no conversation) and never at the address the server named:
 * the server cannot make Causerie contact anyone else.
 */
export async function redirectContext(
  root: string,
  res: Response,
  probePath: string,
  page: PageInfo,
  signal: AbortSignal,
): Promise<ErrorContext> {
  if (res.type !== 'opaqueredirect') {
    const context: ErrorContext = { status: res.status };
    const location = res.headers.get('location');
    if (!location) return context;
    try {
      const from = new URL(root);
      const to = new URL(location, root);
      if (to.protocol === 'https:' && from.protocol === 'http:' && to.hostname === from.hostname)
        context.suggestedBaseUrl = to.origin + from.pathname.replace(/\/+$/, '');
    } catch {
      // An unreadable Location says no more than a hidden one.
    }
    return context;
  }
  const suggestedBaseUrl = await httpsTwin(root, probePath, page, signal);
  return suggestedBaseUrl ? { suggestedBaseUrl } : {};
}

/** The first of `https://host:port/path` and `https://host/path` that answers like the server. */
async function httpsTwin(
  root: string,
  probePath: string,
  page: PageInfo,
  signal: AbortSignal,
): Promise<string | undefined> {
  let from: URL;
  try {
    from = new URL(root);
  } catch {
    return undefined;
  }
  if (from.protocol !== 'http:') return undefined;
  const path = from.pathname.replace(/\/+$/, '');
  const host = from.hostname;
  const candidates = [...new Set([from.port ? `${host}:${from.port}` : host, host])];
  for (const authority of candidates) {
    const base = `https://${authority}${path}`;
    const init: RequestInit & { targetAddressSpace?: string } = {
      credentials: 'omit',
      redirect: 'manual',
      cache: 'no-store',
      signal: anySignal([signal, AbortSignal.timeout(TWIN_TIMEOUT_MS)]),
    };
    const space = targetAddressSpace(base, page);
    if (space) init.targetAddressSpace = space;
    try {
      const res = await fetch(base + probePath, init);
      // Only an answer of the server's own API counts (a key it wants is still an answer).
      if (res.type === 'opaqueredirect') continue;
      if (res.ok || res.status === 401 || res.status === 403) return base;
    } catch {
      if (signal.aborted) return undefined;
      // Not there, not trusted, or not allowed to this page: try the next one.
    }
  }
  return undefined;
}
