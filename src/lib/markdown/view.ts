import { appendNodes, buildFragment, ProgressiveBuild } from './build';
import { openLexSession, type LexSession } from './client';
export { startLexer } from './client';
import { enhanceBlocks, handleCopyClick } from './enhance';
import { continuation } from './extendsText';
import { InputYield, isTyping, lastKeyInput } from '../dom/input';
import type { MarkdownUpdate, TailOp } from './incremental';
import type { MdNode } from './tree';
import { markdownStrings } from '../i18n/markdown';

/**
 * Past this many characters an answer is not rendered as markdown: the rest is kept and shown as
 * plain text. About 100,000 tokens, far beyond any real answer; it bounds what one message can
 * cost the renderer, whatever a server sends. (README, "Performance".)
 */
export const MAX_RENDERED_CHARS = 400_000;

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
/** Building DOM may take this long in one frame; what is left waits for the next frame. */
const FRAME_BUDGET_MS = 6;
/**
 * A frame after a change that took longer than this (layout and paint included) means the page is
 * overloaded (a slow CPU, a long answer): changes then come at a steady lower rate, at most every
 * MAX_INTERVAL_MS, so the frames in between stay cheap and scrolling and typing stay smooth.
 */
const SLOW_FRAME_MS = 24;
const MAX_INTERVAL_MS = 120;
/**
 * While streaming, a frame puts at most this many DOM nodes on the page, a budget that follows
 * what frames cost: building them takes FRAME_BUDGET_MS at most, but laying out and painting them
 * takes several times that on a slow CPU, and a keystroke arriving meanwhile waits for all of it.
 * After a frame slower than BUDGET_FRAME_MS the budget shrinks in proportion; after a fast frame that
 * used it, it grows. Only once it is at its smallest do changes come less often (MAX_INTERVAL_MS).
 */
const BUDGET_FRAME_MS = 32;
const START_FRAME_NODES = 600;
const MIN_FRAME_NODES = 40;
const MAX_FRAME_NODES = 6000;
/** While the user types (lib/dom/input.ts), a frame adds at most this many blocks. */
const TYPING_BLOCKS = 2;
/** Someone holding a key down still sees the answer move this often. */
const TYPING_MAX_WAIT_MS = 250;
const OVERFLOW_PIECE = 20_000;

/**
 * Shows markdown in a container element. The text is lexed in a worker (client.ts), which answers
 * with finished blocks and the tail's change; they are applied at the next animation frame, built
 * as DOM nodes from their descriptions (build.ts). Finished blocks are inserted once and never
 * touched again (apart from their lazy highlighting and math); only the tail changes, by
 * appending where it can. One text is being lexed at a time per message: while the worker is busy
 * the newest text waits, so under load the view updates at a steady lower rate instead of queueing.
 */
const liveViews = new Set<MarkdownView>();

/** How many DOM nodes a block's description makes (its elements and texts). */
function nodeCount(nodes: readonly MdNode[]): number {
  let count = 0;
  const stack: (readonly MdNode[])[] = [nodes];
  for (let list = stack.pop(); list; list = stack.pop()) {
    count += list.length;
    for (const node of list) if (typeof node !== 'string' && node.children) stack.push(node.children);
  }
  return count;
}

/** Resolves once every view on the page has rendered all the text it was given (for tests). */
export async function viewsSettled(): Promise<void> {
  while ([...liveViews].some((view) => !view.isSettled)) {
    await Promise.all([...liveViews].map((view) => view.settled()));
  }
}

export class MarkdownView {
  readonly #root: HTMLElement;
  readonly #doc: Document;
  readonly #tail: HTMLElement;
  #session: LexSession;
  #text = '';
  #streaming = true;
  /** The text the lexer has (up to MAX_RENDERED_CHARS), and whether it was told it is complete. */
  #sent = '';
  #sentDone = false;
  #waiting = false;
  #failed = false;
  /** Nothing applied yet: the container still shows the plain text it had before the renderer. */
  #fresh = true;
  /** Updates received and not yet applied, and how far into the first one's blocks we are. */
  readonly #queue: MarkdownUpdate[] = [];
  #queueBlock = 0;
  #frame: number | undefined;
  /** When changes were last applied, the time to wait between two, and whether to time the next frame. */
  #appliedAt = -Infinity;
  #interval = 0;
  #timeNextFrame = false;
  /** DOM nodes a streaming frame may add, and how many the last applied frame added. */
  #nodeBudget = START_FRAME_NODES;
  #frameNodes = 0;
  readonly #input = new InputYield();
  #typing = false;
  /** The keystroke the answer last moved after (while typing). */
  #servedInput = -Infinity;
  #chunk: HTMLElement | undefined;
  #chunkSize = 0;
  /** A group of blocks being built over several frames, and the chunk it goes into. */
  #building: { build: ProgressiveBuild; chunk: HTMLElement; take: number } | undefined;
  #overflow: HTMLElement | undefined;
  #overflowShown = 0;
  readonly #settledWaiters: (() => void)[] = [];
  readonly #handleClick = (event: Event): void => {
    void handleCopyClick(event);
  };

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#doc = root.ownerDocument;
    this.#tail = this.#doc.createElement('div');
    this.#tail.className = 'md-tail';
    root.addEventListener('click', this.#handleClick);
    this.#session = this.#open();
    liveViews.add(this);
  }

  #open(): LexSession {
    return openLexSession({
      onUpdate: (update) => this.#receive(update),
      onLost: () => {
        // Start over with the whole text; what is shown stays until the answer replaces it.
        this.#sent = '';
        this.#sentDone = false;
        this.#waiting = false;
        this.#pump();
      },
      onFailed: () => this.#showPlain(),
    });
  }

  update(text: string, streaming: boolean): void {
    this.#text = text;
    this.#streaming = streaming;
    if (this.#failed) {
      this.#root.textContent = text;
      return;
    }
    this.#pump();
    this.#showOverflow();
  }

  /** Resolves once everything sent so far has been rendered (tests; a final paint). */
  settled(): Promise<void> {
    if (this.isSettled) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  destroy(): void {
    liveViews.delete(this);
    if (this.#frame !== undefined) cancelFrame(this.#frame);
    this.#frame = undefined;
    this.#session.close();
    this.#root.removeEventListener('click', this.#handleClick);
    for (const resolve of this.#settledWaiters.splice(0)) resolve();
  }

  get isSettled(): boolean {
    return (
      this.#failed ||
      (!this.#waiting &&
        this.#queue.length === 0 &&
        this.#sent === this.#head() &&
        this.#sentDone === !this.#streaming)
    );
  }

  #head(): string {
    return this.#text.length > MAX_RENDERED_CHARS ? this.#text.slice(0, MAX_RENDERED_CHARS) : this.#text;
  }

  /** Sends the newest text to the lexer, unless it is busy with this message already. */
  #pump(): void {
    // While the user types the view shows a little at a time: text is not lexed further ahead
    // than what waits to be shown (each answer from the lexer costs the page a task).
    if (this.#waiting || this.#failed || (this.#typing && this.#streaming && this.#queue.length > 0)) return;
    const head = this.#head();
    const done = !this.#streaming;
    if (head === this.#sent && done === this.#sentDone) return;
    // What was added, read from the growing answer's pieces rather than from the whole text.
    const added = this.#sentDone ? undefined : continuation(this.#sent, head);
    const reset = added === undefined;
    this.#session.send({ reset, append: added ?? head, done });
    this.#sent = head;
    this.#sentDone = done;
    this.#waiting = true;
  }

  #receive(update: MarkdownUpdate): void {
    this.#waiting = false;
    this.#queue.push(update);
    this.#frame ??= nextFrame(() => this.#applyFrame());
    this.#pump();
  }

  #applyFrame(): void {
    this.#frame = undefined;
    const now = performance.now();
    if (this.#timeNextFrame) {
      // The frame that showed the last change: how long it took, layout and paint included.
      this.#timeNextFrame = false;
      const took = now - this.#appliedAt;
      const slow = took > SLOW_FRAME_MS;
      const smallest = this.#nodeBudget <= MIN_FRAME_NODES;
      if (took > BUDGET_FRAME_MS && this.#frameNodes > MIN_FRAME_NODES) {
        this.#nodeBudget = Math.max(MIN_FRAME_NODES, Math.floor((this.#frameNodes * BUDGET_FRAME_MS) / took));
      } else if (took <= BUDGET_FRAME_MS && this.#frameNodes >= this.#nodeBudget / 2) {
        this.#nodeBudget = Math.min(MAX_FRAME_NODES, Math.ceil(this.#nodeBudget * 1.25));
      }
      this.#interval =
        slow && smallest
          ? Math.min(MAX_INTERVAL_MS, Math.max(this.#interval, took) * 1.25)
          : this.#interval * 0.8;
    }
    if (this.#queue.length === 0) return;
    // The final text is shown at full speed, keys or not.
    this.#typing = this.#streaming && isTyping(now);
    if (this.#streaming && this.#shouldWait(now)) {
      this.#frame = nextFrame(() => this.#applyFrame());
      return;
    }
    this.#appliedAt = now;
    this.#timeNextFrame = true;
    this.#frameNodes = 0;
    const deadline = now + FRAME_BUDGET_MS;
    while (this.#queue.length > 0) {
      const update = this.#queue[0]!;
      if ((update.reset || this.#fresh) && this.#queueBlock === 0) this.#reset();
      this.#fresh = false;
      while (this.#queueBlock < update.blocks.length || this.#building) {
        this.#appendBlocks(update, this.#queueBlock, deadline);
        if (this.#queueBlock < update.blocks.length || this.#building) {
          // Out of time: the rest of the blocks (and the tail after them) next frame.
          this.#frame = nextFrame(() => this.#applyFrame());
          return;
        }
      }
      if (update.tail) this.#applyTail(update.tail);
      this.#queue.shift();
      this.#queueBlock = 0;
    }
    // Caught up: newer text (held back while the user typed) goes to the lexer.
    this.#pump();
    this.#frame = nextFrame(() => this.#applyFrame());
    if (this.isSettled) for (const resolve of this.#settledWaiters.splice(0)) resolve();
  }

  /**
   * While streaming, whether this frame should leave the answer as it is. A frame that shows a
   * keystroke or a click is left to it. While the user types, the answer moves once per keystroke,
   * in the frame after the one that showed it (the moment the next key is least likely to come),
   * and by a few blocks only: what it costs to lay out and paint them is what a keystroke landing
   * on it would wait for. Otherwise changes wait out the interval. The final text is shown at once.
   */
  #shouldWait(now: number): boolean {
    if (this.#input.shouldYield(now)) return true;
    const input = lastKeyInput();
    if (!this.#typing) return now - this.#appliedAt < this.#interval;
    if (this.#servedInput === input && now - this.#appliedAt < TYPING_MAX_WAIT_MS) return true;
    this.#servedInput = input;
    return false;
  }

  #reset(): void {
    // The plain-text part past MAX_RENDERED_CHARS stays: it is kept up to date by update().
    if (this.#overflow) this.#root.replaceChildren(this.#overflow);
    else this.#root.replaceChildren();
    this.#chunk = undefined;
    this.#chunkSize = 0;
    this.#building = undefined;
    this.#tail.replaceChildren();
    this.#root.classList.remove('md-plain');
  }

  /**
   * Appends blocks from `start` on, into chunks, until done or past the deadline. A group of
   * blocks is built off the page (a fragment), a slice per frame if it is huge, then inserted.
   */
  #appendBlocks(update: MarkdownUpdate, start: number, deadline: number): void {
    const { blocks } = update;
    const adopted = update.adopted ?? [];
    let index = start;
    /** Blocks put on the page by this call (while typing, a frame takes at most TYPING_BLOCKS). */
    let added = 0;
    // The frame's share of DOM nodes while streaming (a finished answer is shown at full speed).
    const full = (): boolean =>
      (this.#typing && added >= TYPING_BLOCKS) ||
      (this.#streaming && this.#frameNodes >= this.#nodeBudget) ||
      performance.now() > deadline;
    while (index < blocks.length || this.#building) {
      if (!this.#building) {
        if (!this.#chunk || this.#chunkSize >= CHUNK_BLOCKS) {
          this.#chunk = this.#doc.createElement('div');
          this.#chunk.className = 'md-chunk';
          this.#chunkSize = 0;
          this.#root.insertBefore(this.#chunk, this.#firstAfterBlocks());
        }
        if (index < adopted.length) {
          // On screen already, as the tail's first nodes: moved, not built again.
          const fragment = this.#doc.createDocumentFragment();
          for (let n = adopted[index]!; n > 0 && this.#tail.firstChild; n -= 1) {
            fragment.append(this.#tail.firstChild);
          }
          enhanceBlocks(fragment);
          this.#chunk.append(fragment);
          this.#chunkSize += 1;
          if (this.#streaming) this.#frameNodes += nodeCount(blocks[index] ?? []);
          index += 1;
          added += 1;
          if (full()) break;
          continue;
        }
        // As many blocks as fit in the chunk, while typing, and in the frame's budget of nodes.
        const take = this.#fitBlocks(
          blocks,
          index,
          Math.min(
            blocks.length - index,
            CHUNK_BLOCKS - this.#chunkSize,
            this.#typing ? TYPING_BLOCKS - added : CHUNK_BLOCKS,
          ),
        );
        const build = new ProgressiveBuild(this.#doc, blocks.slice(index, index + take).flat());
        this.#building = { build, chunk: this.#chunk, take };
        index += take;
      }
      const building = this.#building;
      if (!building.build.step(deadline)) break;
      this.#building = undefined;
      // Copy buttons go in before insertion (one layout); the lazy work runs once they are shown.
      enhanceBlocks(building.build.fragment);
      building.chunk.append(building.build.fragment);
      this.#chunkSize += building.take;
      added += building.take;
      if (full()) break;
    }
    this.#queueBlock = index;
  }

  /**
   * How many of the next `most` blocks fit in what is left of this frame's budget of DOM nodes, at
   * least one; they are counted against it. A finished answer is not held to a budget.
   */
  #fitBlocks(blocks: MdNode[][], index: number, most: number): number {
    if (!this.#streaming) return most;
    let take = 0;
    while (take < most) {
      const nodes = nodeCount(blocks[index + take]!);
      if (take > 0 && this.#frameNodes + nodes > this.#nodeBudget) break;
      this.#frameNodes += nodes;
      take += 1;
    }
    return take;
  }

  /** Where finished blocks go: before the tail and the plain-text overflow. */
  #firstAfterBlocks(): Node | null {
    if (this.#tail.parentNode === this.#root) return this.#tail;
    if (this.#overflow?.parentNode === this.#root) return this.#overflow;
    return null;
  }

  #applyTail(op: TailOp): void {
    applyTailOp(this.#tail, op);
    const hasTail = this.#tail.firstChild !== null;
    if (hasTail && this.#tail.parentNode !== this.#root) {
      this.#root.insertBefore(this.#tail, this.#overflow?.parentNode === this.#root ? this.#overflow : null);
    } else if (!hasTail) this.#tail.remove();
  }

  /**
   * Text past MAX_RENDERED_CHARS, as plain text after a note; appended to as it grows. In pieces
   * of OVERFLOW_PIECE characters the browser can skip laying out while off screen.
   */
  #showOverflow(): void {
    if (this.#text.length <= MAX_RENDERED_CHARS) {
      this.#overflow?.remove();
      this.#overflow = undefined;
      return;
    }
    if (!this.#overflow) {
      this.#overflow = this.#doc.createElement('div');
      this.#overflow.className = 'md-overflow';
      const note = this.#doc.createElement('p');
      note.className = 'md-overflow-note';
      note.textContent = markdownStrings.tooLong;
      this.#overflow.append(note);
      this.#overflowShown = 0;
      this.#root.append(this.#overflow);
    }
    const rest = this.#text.length - MAX_RENDERED_CHARS;
    if (rest < this.#overflowShown) {
      // The text changed under us (not a continuation): show it again.
      this.#overflow.replaceChildren(this.#overflow.firstChild!);
      this.#overflowShown = 0;
    }
    while (this.#overflowShown < rest) {
      let piece = this.#overflow.lastElementChild;
      if (
        !(piece instanceof HTMLElement) ||
        !piece.classList.contains('md-overflow-piece') ||
        (piece.textContent?.length ?? 0) >= OVERFLOW_PIECE
      ) {
        piece = this.#doc.createElement('div');
        piece.className = 'md-overflow-piece';
        piece.append(this.#doc.createTextNode(''));
        this.#overflow.append(piece);
      }
      const text = piece.firstChild as Text;
      const take = Math.min(rest - this.#overflowShown, OVERFLOW_PIECE - text.length);
      const from = MAX_RENDERED_CHARS + this.#overflowShown;
      text.appendData(this.#text.slice(from, from + take));
      this.#overflowShown += take;
    }
  }

  /** The lexer could not handle this text: it stays readable as plain text. */
  #showPlain(): void {
    this.#failed = true;
    this.#waiting = false;
    this.#queue.length = 0;
    this.#root.replaceChildren();
    this.#root.classList.add('md-plain');
    this.#root.textContent = this.#text;
    for (const resolve of this.#settledWaiters.splice(0)) resolve();
  }
}

/**
 * Applies a tail change to the tail element: a whole new tail, text added to its open code block,
 * or its table's last rows replaced. Only the changed part is built.
 */
export function applyTailOp(tail: HTMLElement, op: TailOp): void {
  const doc = tail.ownerDocument;
  switch (op.kind) {
    case 'replace':
      tail.replaceChildren(buildFragment(doc, op.nodes));
      break;
    case 'appendCode': {
      const code = tail.querySelector('.md-code pre > code');
      if (!code) break;
      if (code.lastChild instanceof Text) code.lastChild.appendData(op.text);
      else code.append(op.text);
      break;
    }
    case 'patch': {
      let parent: Node | undefined = tail;
      for (const index of op.path) parent = parent?.childNodes[index];
      if (!parent) break;
      while (parent.childNodes.length > op.keep) parent.lastChild!.remove();
      if (op.grow) (parent.lastChild as Text).appendData(op.grow);
      appendNodes(parent, op.nodes);
      break;
    }
    case 'rows': {
      const table = tail.querySelector('table');
      if (!table) break;
      let body = table.querySelector(':scope > tbody');
      if (!body) {
        body = doc.createElement('tbody');
        table.append(body);
      }
      // Each row is a <tr> and the line break after it.
      while (body.childNodes.length > op.from * 2) body.lastChild?.remove();
      appendNodes(body, op.rows.flat());
      break;
    }
  }
}
