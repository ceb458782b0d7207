import { lexMarkdown, normalizeNewlines, renderBlocks } from './render';

export interface MarkdownUpdate {
  /** The text no longer extends what was rendered: drop everything shown before, then apply this. */
  reset: boolean;
  /** Sanitised HTML of blocks that just became final, in order. Each is shown once and never changes. */
  blocks: string[];
  /** Sanitised HTML of the unfinished rest ('' when there is none). */
  tail: string;
}

// How much of the previous text is compared to decide that a new text extends it. Comparing all of
// it would make every update cost as much as the whole answer; a changed message (edit, regenerate)
// differs near its end or in length, and a reset is always safe.
const PREFIX_CHECK = 64;

/**
 * Renders markdown that arrives a piece at a time (a streamed answer), with no DOM of its own.
 *
 * Finished blocks are rendered once; only the unfinished tail is rendered again on each update,
 * so the cost of an update depends on the size of the current block, not of the whole answer.
 * A top-level block is finished when it is followed by another non-blank block, judged on
 * complete lines only (a half-written line can still turn the paragraph above it into a setext
 * heading or a table). The blocks of a finished stream equal `renderMarkdown` of the whole text.
 */
export class IncrementalMarkdown {
  /** The input as last received (a reference, not a copy). */
  #input = '';
  /** Normalised text after the last finished block. */
  #pending = '';
  /** A trailing '\r' held back until we know whether '\n' follows. */
  #heldReturn = false;
  /** Offset in #pending up to which complete lines have already been checked for finished blocks. */
  #scanned = 0;
  #finishedLength = 0;
  #done = false;
  #tailSource: string | undefined;
  #tailHtml = '';

  /** Length of the (normalised) text already rendered as finished blocks. */
  get finishedLength(): number {
    return this.#finishedLength;
  }

  /** Feed the whole text so far; returns what became final and the new tail. */
  update(text: string): MarkdownUpdate {
    const reset = this.#prepare(text);
    if (this.#done) return { reset, blocks: [], tail: '' };
    const blocks = this.#takeFinishedBlocks();
    return { reset, blocks, tail: this.#renderTail() };
  }

  /** The text is complete: everything left becomes final blocks. */
  finish(text: string): MarkdownUpdate {
    const reset = this.#prepare(text);
    if (this.#done) return { reset, blocks: [], tail: '' };
    if (this.#heldReturn) this.#pending += '\n';
    this.#heldReturn = false;
    const blocks = renderBlocks(lexMarkdown(this.#pending));
    this.#finishedLength += this.#pending.length;
    this.#pending = '';
    this.#done = true;
    this.#tailSource = undefined;
    this.#tailHtml = '';
    return { reset, blocks, tail: '' };
  }

  /** Takes in the new text; true when it had to start over. */
  #prepare(text: string): boolean {
    if (text === this.#input) return false;
    const reset = this.#done || !this.#extends(text);
    if (reset) this.#clear();
    let delta = text.slice(this.#input.length);
    this.#input = text;
    if (this.#heldReturn) delta = '\r' + delta;
    this.#heldReturn = delta.endsWith('\r');
    if (this.#heldReturn) delta = delta.slice(0, -1);
    this.#pending += normalizeNewlines(delta);
    return reset;
  }

  #extends(text: string): boolean {
    const previous = this.#input;
    if (text.length < previous.length) return false;
    const from = Math.max(0, previous.length - PREFIX_CHECK);
    return text.startsWith(previous.slice(from), from);
  }

  #clear(): void {
    this.#input = '';
    this.#pending = '';
    this.#heldReturn = false;
    this.#scanned = 0;
    this.#finishedLength = 0;
    this.#done = false;
    this.#tailSource = undefined;
    this.#tailHtml = '';
  }

  #takeFinishedBlocks(): string[] {
    const end = this.#pending.lastIndexOf('\n') + 1;
    if (end <= this.#scanned) return [];
    this.#scanned = end;
    const source = this.#pending.slice(0, end);
    const tokens = lexMarkdown(source);
    let last = tokens.length - 1;
    while (last > 0 && tokens[last]?.type === 'space') last -= 1;
    if (last <= 0) return [];

    const finished = tokens.slice(0, last);
    let raw = '';
    for (const token of finished) raw += token.raw;
    // The tokens' raw text must be exactly the source they came from, or the offsets would drift.
    // Should the lexer ever break that, keep everything in the tail: slower, never wrong.
    if (!source.startsWith(raw)) return [];

    const blocks = renderBlocks(finished);
    this.#pending = this.#pending.slice(raw.length);
    this.#scanned -= raw.length;
    this.#finishedLength += raw.length;
    return blocks;
  }

  #renderTail(): string {
    const source = this.#pending;
    if (source === this.#tailSource) return this.#tailHtml;
    const html = renderBlocks(lexMarkdown(completePartialTableRow(source))).join('');
    this.#tailSource = source;
    this.#tailHtml = html;
    return html;
  }
}

const DELIMITER_START = /^ {0,3}[|:-][ \t|:-]*$/;

function tableCells(line: string): number {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/**
 * While the delimiter row under a table header is being written (`| a | b |\n| --`), the header
 * would show as a paragraph of pipes; complete the row so it shows as a table at once. Only for
 * the displayed tail: finished blocks are always rendered from the text as it is.
 */
export function completePartialTableRow(source: string): string {
  const lineStart = source.lastIndexOf('\n') + 1;
  if (lineStart === 0) return source;
  const partial = source.slice(lineStart);
  if (!DELIMITER_START.test(partial) || !partial.includes('-') || !/[|:]/.test(partial)) return source;
  const header = source.slice(source.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
  if (!header.includes('|')) return source;
  return source.slice(0, lineStart) + '|' + ' --- |'.repeat(tableCells(header));
}
