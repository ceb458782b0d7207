import type { ChatChunk } from './types';

/**
 * The chunks of one network read, with the pieces of text of one kind that follow each other
 * joined into one chunk (`count` says how many pieces it holds). A server streaming thousands of
 * tokens a second sends dozens per read: handing them on as one chunk spares each token the trip
 * through every asynchronous step between the network and the answer.
 */
export class ChunkBatch {
  #chunks: ChatChunk[] = [];

  text(type: 'content' | 'thinking', text: string | undefined): void {
    if (!text) return;
    const last = this.#chunks.at(-1);
    if (last?.type === type) {
      last.text += text;
      last.count = (last.count ?? 1) + 1;
    } else this.#chunks.push({ type, text });
  }

  /** Empties the batch: its chunks, in order. */
  take(): ChatChunk[] {
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks;
  }
}
