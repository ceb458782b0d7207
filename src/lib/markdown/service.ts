import { IncrementalMarkdown, type MarkdownUpdate } from './incremental';

// What the lexing worker does, as a plain function of its messages, so it can also run on the
// main thread where no worker can be had (tests, a browser without module workers).

/** Main thread → lexer: the text of one rendered message changed. */
export type LexRequest =
  | {
      id: number;
      /** The text no longer extends the one sent before: `append` is the whole text. */
      reset: boolean;
      append: string;
      /** The text is complete. */
      done: boolean;
    }
  | { id: number; close: true };

/** Lexer → main thread. */
export interface LexReply {
  id: number;
  update: MarkdownUpdate;
}

export function createLexService(): (request: LexRequest) => LexReply | undefined {
  const sessions = new Map<number, { engine: IncrementalMarkdown; text: string }>();
  return (request) => {
    if ('close' in request) {
      sessions.delete(request.id);
      return undefined;
    }
    let session = sessions.get(request.id);
    if (!session) {
      session = { engine: new IncrementalMarkdown(), text: '' };
      sessions.set(request.id, session);
    }
    session.text = request.reset ? request.append : session.text + request.append;
    const update = request.done ? session.engine.finish(session.text) : session.engine.update(session.text);
    // Blocks the page moves from its tail are not sent again.
    const adopted = update.adopted?.length ?? 0;
    if (adopted > 0) update.blocks = update.blocks.map((block, i) => (i < adopted ? [] : block));
    return { id: request.id, update };
  };
}
