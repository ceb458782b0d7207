// Which service worker script this page registers, and its registration: no words, so that the
// first load's registration (./register.ts) fetches none of the update notice's text.
const SCRIPT = './sw.js';

export const scriptUrl = (isolate: boolean): string => (isolate ? `${SCRIPT}?isolate=1` : SCRIPT);

/** Whether the worker at this URL adds the isolation headers. `coi-sw.js` was the separate
 * isolation worker of earlier versions: a user who turned it on keeps isolation. */
export function isIsolating(url: string | undefined): boolean {
  if (!url) return false;
  const u = new URL(url);
  return u.searchParams.get('isolate') === '1' || u.pathname.endsWith('/coi-sw.js');
}

/** This page's registration; not a parent path's (GitHub Pages puts a user's sites on one origin). */
export async function ownRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  const reg = await navigator.serviceWorker.getRegistration('./');
  return reg?.scope === new URL('./', document.baseURI).href ? reg : undefined;
}

/**
 * Workers this page is making the active one itself (turning isolation on or off): they are not
 * offered as a new version, and nothing is loaded for the notice while they wait to take over (a
 * script fetched through the outgoing worker just then left Chromium's switch waiting for good).
 */
export const activating = new WeakSet<ServiceWorker>();
