// Some servers (OpenAI-compatible ones, older models) put the model's reasoning inside the content
// as `<think>…</think>`. This splits such a stream into thinking and answer text as it arrives,
// even when a tag is cut across chunks.

const OPEN = '<think>';
const CLOSE = '</think>';

export interface Split {
  thinking: string;
  content: string;
}

export class ThinkTagSplitter {
  #inThink = false;
  #held = '';
  #seenContent = false;

  /** Feeds the next piece of content; returns what can be shown now. */
  push(text: string): Split {
    let buf = this.#held + text;
    this.#held = '';
    const out: Split = { thinking: '', content: '' };
    while (buf) {
      const tag = this.#inThink ? CLOSE : OPEN;
      const at = buf.indexOf(tag);
      if (at >= 0) {
        this.#emit(out, buf.slice(0, at));
        buf = buf.slice(at + tag.length);
        // Only a tag at the very start of the answer opens a thinking section.
        if (this.#inThink || !this.#seenContent) this.#inThink = !this.#inThink;
        else this.#emit(out, tag);
        continue;
      }
      // Keep back a tail that could be the start of a tag cut by the chunking.
      const keep = partialTagLength(buf, tag);
      this.#emit(out, buf.slice(0, buf.length - keep));
      this.#held = buf.slice(buf.length - keep);
      break;
    }
    return out;
  }

  /** The stream ended: whatever was held back is text after all. */
  end(): Split {
    const out: Split = { thinking: '', content: '' };
    this.#emit(out, this.#held);
    this.#held = '';
    return out;
  }

  #emit(out: Split, text: string): void {
    if (!text) return;
    if (this.#inThink) out.thinking += text;
    else {
      // Leading whitespace before a <think> does not count as the answer having started.
      if (text.trim()) this.#seenContent = true;
      out.content += text;
    }
  }
}

function partialTagLength(buf: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, buf.length); n > 0; n--) {
    if (buf.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}
