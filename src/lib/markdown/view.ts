import { enhanceBlocks, handleCopyClick } from './enhance';
import { IncrementalMarkdown, type MarkdownUpdate } from './incremental';

const nextFrame: (callback: () => void) => number =
  typeof requestAnimationFrame === 'function'
    ? (callback) => requestAnimationFrame(callback)
    : (callback) => setTimeout(callback, 16) as unknown as number;
const cancelFrame: (handle: number) => void =
  typeof cancelAnimationFrame === 'function' ? (handle) => cancelAnimationFrame(handle) : clearTimeout;

// Finished blocks are grouped in chunks: the browser can skip laying out and painting chunks
// that are off screen (content-visibility in markdown.css), so a frame of a 40k-token answer costs
// what a frame of a short one does. Grouping depends only on the block count, so a streamed
// message and the same message rendered at once have the same DOM.
const CHUNK_BLOCKS = 16;

/**
 * Shows markdown in a container element. While the text streams, it renders at most once per
 * animation frame: finished blocks are inserted once as new nodes (into `.md-chunk` groups) and
 * never touched again (apart from their lazy highlighting and math), and only the tail element's
 * content is replaced. When the stream ends, the rest is rendered at once.
 */
// A render may take at most about half of the frames' time while streaming.
const SKIP_FACTOR = 1;

export class MarkdownView {
  readonly #root: HTMLElement;
  readonly #tail: HTMLElement;
  readonly #engine = new IncrementalMarkdown();
  #text = '';
  #tailHtml = '';
  #frame: number | undefined;
  #lastRenderEnd = 0;
  #lastRenderCost = 0;
  #chunk: HTMLElement | undefined;
  #chunkSize = 0;
  readonly #handleClick = (event: Event): void => {
    void handleCopyClick(event);
  };

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#tail = root.ownerDocument.createElement('div');
    this.#tail.className = 'md-tail';
    root.addEventListener('click', this.#handleClick);
  }

  update(text: string, streaming: boolean): void {
    this.#text = text;
    if (!streaming) {
      this.#cancelFrame();
      this.#apply(this.#engine.finish(text));
      return;
    }
    this.#frame ??= nextFrame(() => this.#renderFrame());
  }

  /**
   * One streaming render. When rendering gets expensive (a long answer, a slow or throttled CPU),
   * frames are skipped so that rendering takes at most about a third of the main thread: the page
   * keeps scrolling and answering input at full frame rate while the text catches up a frame later.
   */
  #renderFrame(): void {
    this.#frame = undefined;
    const now = performance.now();
    if (now - this.#lastRenderEnd < this.#lastRenderCost * SKIP_FACTOR) {
      this.#frame = nextFrame(() => this.#renderFrame());
      return;
    }
    this.#apply(this.#engine.update(this.#text));
    this.#lastRenderEnd = performance.now();
    this.#lastRenderCost = this.#lastRenderEnd - now;
  }

  /** Applies a pending streaming update now instead of at the next frame. */
  flush(): void {
    if (this.#frame === undefined) return;
    this.#cancelFrame();
    this.#apply(this.#engine.update(this.#text));
  }

  destroy(): void {
    this.#cancelFrame();
    this.#root.removeEventListener('click', this.#handleClick);
  }

  #cancelFrame(): void {
    if (this.#frame === undefined) return;
    cancelFrame(this.#frame);
    this.#frame = undefined;
  }

  #apply({ reset, blocks, tail }: MarkdownUpdate): void {
    if (reset) {
      this.#root.replaceChildren();
      this.#chunk = undefined;
      this.#tailHtml = '';
    }
    let index = 0;
    while (index < blocks.length) {
      if (!this.#chunk || this.#chunkSize >= CHUNK_BLOCKS) {
        this.#chunk = this.#root.ownerDocument.createElement('div');
        this.#chunk.className = 'md-chunk';
        this.#chunkSize = 0;
        this.#root.insertBefore(this.#chunk, this.#tail.parentNode === this.#root ? this.#tail : null);
      }
      const take = Math.min(blocks.length - index, CHUNK_BLOCKS - this.#chunkSize);
      const template = this.#root.ownerDocument.createElement('template');
      template.innerHTML = blocks.slice(index, index + take).join('');
      const fragment = template.content;
      // Copy buttons go in before insertion (one layout); the lazy work runs once they are shown.
      enhanceBlocks(fragment);
      this.#chunk.append(fragment);
      this.#chunkSize += take;
      index += take;
    }
    this.#setTail(tail);
  }

  #setTail(html: string): void {
    if (html === this.#tailHtml) return;
    this.#tailHtml = html;
    if (html === '') {
      this.#tail.remove();
      this.#tail.replaceChildren();
      return;
    }
    this.#tail.innerHTML = html;
    if (this.#tail.parentNode !== this.#root) this.#root.append(this.#tail);
  }
}
