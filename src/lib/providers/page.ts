// What the browser will allow this page to call, known before any request is made.

export interface PageInfo {
  /** `location.origin`; "null" for a page opened from a file. */
  origin: string;
  /** `location.protocol`: "https:", "http:", "file:". */
  protocol: string;
  userAgent: string;
  /** `navigator.permissions.query`, where the browser has it. */
  queryPermission?: (name: string) => Promise<string>;
}

export function currentPage(): PageInfo {
  const loc = typeof location === 'undefined' ? undefined : location;
  const permissions = typeof navigator === 'undefined' ? undefined : navigator.permissions;
  return {
    origin: loc?.origin ?? 'null',
    protocol: loc?.protocol ?? '',
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
    queryPermission: permissions
      ? async (name) => (await permissions.query({ name } as unknown as PermissionDescriptor)).state
      : undefined,
  };
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '[::1]' ||
    host === '::1'
  );
}

/** Private-network IPv4 literals and mDNS names: what Chrome calls the "local" address space. */
function isLocalNetworkHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^169\.254\./.test(host) ||
    host.endsWith('.local')
  );
}

/**
 * Safari, and every iOS browser (all WebKit), blocks http://localhost from an https page where
 * Chrome and Firefox allow it. Only Chromium UAs say "Chrome"/"Chromium"/"Android".
 */
export function isWebKitOnly(userAgent: string): boolean {
  return /AppleWebKit/.test(userAgent) && !/Chrome|Chromium|Android/.test(userAgent);
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when the browser will block this page's requests to `baseUrl` as mixed content. */
export function predictMixedContent(baseUrl: string, page: PageInfo = currentPage()): boolean {
  const target = parse(baseUrl);
  if (!target || page.protocol !== 'https:' || target.protocol !== 'http:') return false;
  return !isLoopbackHost(target.hostname) || isWebKitOnly(page.userAgent);
}

/**
 * Chrome's Local Network Access asks the user before an https page may call an http server on the
 * local network, but only when the request says where it goes (`targetAddressSpace`). Other
 * browsers ignore the unknown option. Literal loopback needs no hint.
 */
export function targetAddressSpace(baseUrl: string, page: PageInfo): 'local' | undefined {
  const target = parse(baseUrl);
  if (!target || page.protocol !== 'https:' || target.protocol !== 'http:') return undefined;
  return isLocalNetworkHost(target.hostname) ? 'local' : undefined;
}

/**
 * Chrome's Local Network Access (142+) asks the user before a page from elsewhere may call this
 * computer or the local network; a refused or dismissed prompt fails the fetch exactly like a
 * server that is down. The permission's state tells the two apart where the browser says: Chrome
 * 145 split `local-network-access` into `loopback-network` and `local-network`. Browsers without
 * these names reject the query, and then nothing is known (undefined).
 */
export async function localNetworkPermission(
  baseUrl: string,
  page: PageInfo,
): Promise<'granted' | 'denied' | 'prompt' | undefined> {
  const target = parse(baseUrl);
  const pageUrl = parse(page.origin);
  if (!target || !pageUrl || !page.queryPermission) return undefined;
  const isLoopback = isLoopbackHost(target.hostname);
  if (!isLoopback && !isLocalNetworkHost(target.hostname)) return undefined;
  // A page on this computer or the same network is not asked.
  if (isLoopbackHost(pageUrl.hostname) || (!isLoopback && isLocalNetworkHost(pageUrl.hostname))) {
    return undefined;
  }
  const names = [isLoopback ? 'loopback-network' : 'local-network', 'local-network-access'];
  for (const name of names) {
    try {
      const state = await page.queryPermission(name);
      if (state === 'granted' || state === 'denied' || state === 'prompt') return state;
    } catch {
      // Unknown permission name in this browser: try the older one.
    }
  }
  return undefined;
}
