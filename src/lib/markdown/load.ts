// The renderer (marked + DOMPurify, ~26 kB gzip) is a chunk of its own, out of the initial bundle:
// it is fetched when the browser is idle after start-up, or at once when a message needs it.

type ViewModule = typeof import('./view');

let loading: Promise<ViewModule> | undefined;

export function loadMarkdownView(): Promise<ViewModule> {
  return (loading ??= import('./view'));
}

/** Starts fetching the renderer once the page has nothing better to do. */
export function prefetchMarkdownView(): void {
  if (loading || typeof window === 'undefined') return;
  const load = (): void => void loadMarkdownView();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 200);
}
