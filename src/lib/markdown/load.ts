// The renderer (the DOM builder, ~5 kB gzip) is a chunk of its own, out of the initial bundle, and
// the lexer (marked, ~34 kB gzip) runs in a worker it starts: both are fetched when the browser is
// idle after start-up, or at once when a message needs them.

type ViewModule = typeof import('./view');

let loading: Promise<ViewModule> | undefined;

export function loadMarkdownView(): Promise<ViewModule> {
  return (loading ??= import('./view').then((module) => {
    // The lexing worker starts with the renderer, so its own start-up is out of the first answer's way.
    module.startLexer();
    return module;
  }));
}

/** Starts fetching the renderer once the page has nothing better to do. */
export function prefetchMarkdownView(): void {
  if (loading || typeof window === 'undefined') return;
  const load = (): void => void loadMarkdownView();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 200);
}
