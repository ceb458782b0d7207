// Words about how an answer ended and about model names, beside the shared `m` messages.

export const statsText = {
  /** An OpenAI-compatible server ended with "length" while no token limit was set. */
  contextFullStop: 'cut off: the context window is full',
  /** The picker shows a file name for a path-like id; its tooltip says where the name comes from. */
  modelPathHint: (id: string) =>
    `${id} — the server names this model by its file; start llama-server with --alias to give it a short name`,
};
