// The renderer (the DOM builder, ~5 kB gzip) is a chunk of its own, out of the initial bundle, and
// the lexer (marked, ~34 kB gzip) runs in a worker it starts: both are fetched once there is a
// chat (Conversation.svelte: a question sent makes one), not on a first visit; a question just sent gets
// its answer's renderer while the server thinks, so its first tokens are not shown as plain text.

type ViewModule = typeof import('./view');

let loading: Promise<ViewModule> | undefined;

export function loadMarkdownView(): Promise<ViewModule> {
  return (loading ??= import('./view').then((module) => {
    // The lexing worker starts with the renderer, so its own start-up is out of the first answer's way.
    module.startLexer();
    return module;
  }));
}
