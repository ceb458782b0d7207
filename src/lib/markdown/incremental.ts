import type { Token, Tokens } from 'marked';
import { codeLanguage, lexMarkdown, normalizeNewlines } from './lex';
import { blockNodes, codeBlock, tableRow, type MdNode } from './tree';
import { extendsText } from './extendsText';

/** How the unfinished tail changes; the main thread applies it to what it shows (view.ts). */
export type TailOp =
  /** Show these nodes as the tail ([] = no tail). */
  | { kind: 'replace'; nodes: MdNode[] }
  /** The tail is still one open code block: add this text at its end. */
  | { kind: 'appendCode'; text: string }
  /** The tail is still one table: its body rows from `from` on are now these. */
  | { kind: 'rows'; from: number; rows: MdNode[][] }
  /**
   * Only the end of the tail changed: in the element at `path` (child indices from the tail), the
   * children after the first `keep` are now `nodes`; with `grow`, the last child kept is a text
   * that this is added to (a growing text stays one text node, which the browser can lay out
   * again without shaping it all).
   */
  | { kind: 'patch'; path: number[]; keep: number; grow?: string; nodes: MdNode[] };

export interface MarkdownUpdate {
  /** The text no longer extends what was rendered: drop everything shown before, then apply this. */
  reset: boolean;
  /** Blocks that just became final, in order; each is shown once and never changes. */
  blocks: MdNode[][];
  /**
   * The first blocks are already on screen, at the start of the tail, exactly as they are final:
   * for each, how many of the tail's first nodes it is. They move from the tail to the finished
   * blocks instead of being built again (only what changed since the last frame is built).
   */
  adopted?: number[];
  /** The tail's change; undefined when it did not change. */
  tail: TailOp | undefined;
}

export { extendsText };

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^\n]*)\n/;

/** What the tail showed last, so the next change can be sent as an append. */
type TailShape =
  | { kind: 'none' }
  | { kind: 'other' }
  | { kind: 'code'; language: string; text: string }
  | { kind: 'table'; header: string; rows: number };

/**
 * Renders markdown that arrives a piece at a time (a streamed answer) to node descriptions, with
 * no DOM of its own (it runs in the lexing worker).
 *
 * Finished blocks are produced once; only the unfinished tail is lexed again on each update, so
 * the cost of an update depends on the size of the current block, not of the whole answer. A
 * top-level block is finished when it is followed by another non-blank block, judged on complete
 * lines only (a half-written line can still turn the paragraph above it into a setext heading or
 * a table). An open code fence is followed line by line without lexing it again, and a long
 * open block (code, table) changes the tail by appending to it. The blocks of a finished stream
 * equal the one-shot render of the whole text.
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
  #tail: TailShape = { kind: 'none' };
  /** What the tail shows now (its nodes), or the table it shows, built when asked for. */
  #shown: MdNode[] | Tokens.Table = [];
  /** While #pending starts with an unclosed code fence: its fence, and where its body starts. */
  #fence: { marker: string; bodyStart: number; info: string; checked: number } | undefined;

  /** Length of the (normalised) text already rendered as finished blocks. */
  get finishedLength(): number {
    return this.#finishedLength;
  }

  /** Feed the whole text so far; returns what became final and how the tail changed. */
  update(text: string): MarkdownUpdate {
    const reset = this.#prepare(text);
    if (this.#done) return { reset, blocks: [], tail: undefined };
    const blocks = this.#takeFinishedBlocks();
    const adopted = this.#adopt(blocks);
    return { reset, blocks, ...(adopted.length ? { adopted } : {}), tail: this.#renderTail() };
  }

  /**
   * How many of the tail's nodes each of the first finished blocks is, while they equal what the
   * tail shows. What stays in the tail is then replaced whole, whatever it was.
   */
  #adopt(blocks: readonly MdNode[][]): number[] {
    if (blocks.length === 0) return [];
    if (!Array.isArray(this.#shown)) this.#shown = blockNodes([this.#shown]);
    const shown = this.#shown.filter((node) => node !== '');
    const adopted: number[] = [];
    let at = 0;
    for (const block of blocks) {
      const nodes = block.filter((node) => node !== '');
      if (at + nodes.length > shown.length) break;
      if (JSON.stringify(nodes) !== JSON.stringify(shown.slice(at, at + nodes.length))) break;
      adopted.push(nodes.length);
      at += nodes.length;
    }
    // The tail changed under its shape: its next change is a whole new tail.
    this.#tailSource = undefined;
    this.#tail = { kind: 'other' };
    this.#shown = shown.slice(at);
    return adopted;
  }

  /** The text is complete: everything left becomes final blocks. */
  finish(text: string): MarkdownUpdate {
    const reset = this.#prepare(text);
    if (this.#done) return { reset, blocks: [], tail: undefined };
    if (this.#heldReturn) this.#pending += '\n';
    this.#heldReturn = false;
    const blocks = toBlocks(lexMarkdown(this.#pending));
    this.#finishedLength += this.#pending.length;
    this.#pending = '';
    this.#done = true;
    const hadTail = this.#tail.kind !== 'none';
    const adopted = this.#adopt(blocks);
    this.#tailSource = undefined;
    this.#tail = { kind: 'none' };
    this.#shown = [];
    const tail: TailOp | undefined = hadTail || reset ? { kind: 'replace', nodes: [] } : undefined;
    return { reset, blocks, ...(adopted.length ? { adopted } : {}), tail };
  }

  /** Takes in the new text; true when it had to start over. */
  #prepare(text: string): boolean {
    if (text === this.#input) return false;
    const reset = this.#done || !extendsText(this.#input, text);
    if (reset) this.#clear();
    let delta = text.slice(this.#input.length);
    this.#input = text;
    if (this.#heldReturn) delta = '\r' + delta;
    this.#heldReturn = delta.endsWith('\r');
    if (this.#heldReturn) delta = delta.slice(0, -1);
    this.#pending += normalizeNewlines(delta);
    return reset;
  }

  #clear(): void {
    this.#input = '';
    this.#pending = '';
    this.#heldReturn = false;
    this.#scanned = 0;
    this.#finishedLength = 0;
    this.#done = false;
    this.#tailSource = undefined;
    this.#tail = { kind: 'none' };
    this.#shown = [];
    this.#fence = undefined;
  }

  /**
   * True while the pending text is one code fence whose closing line has not come yet: nothing in
   * it can finish, so it need not be lexed. Only the lines added since the last check are read.
   */
  #insideOpenFence(end: number): boolean {
    if (!this.#fence) {
      const open = FENCE_OPEN.exec(this.#pending);
      // A backtick fence's info string cannot hold a backtick (then it is no fence at all).
      if (!open || (open[1]?.startsWith('`') && open[2]?.includes('`'))) return false;
      this.#fence = { marker: open[1] ?? '', bodyStart: open[0].length, info: open[2] ?? '', checked: 0 };
    }
    const { marker } = this.#fence;
    // As marked's rule, a little more lenient (so a fence it sees closed is never kept open here).
    const char = marker.startsWith('`') ? '`' : '~';
    const closing = new RegExp(`^ {0,3}${char}{${marker.length},}[~\`]*[ \\t]*$`);
    // Lines are checked from the fence's own record: #scanned may have passed them as plain text.
    let from = Math.max(this.#fence.checked, this.#fence.bodyStart);
    while (from < end) {
      const lineEnd = this.#pending.indexOf('\n', from);
      if (lineEnd === -1 || lineEnd >= end) break;
      if (closing.test(this.#pending.slice(from, lineEnd))) {
        this.#fence = undefined;
        return false;
      }
      from = lineEnd + 1;
    }
    this.#fence.checked = from;
    this.#scanned = end;
    return true;
  }

  #takeFinishedBlocks(): MdNode[][] {
    const end = this.#pending.lastIndexOf('\n') + 1;
    if (end <= this.#scanned) return [];
    if (this.#insideOpenFence(end)) return [];
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

    this.#pending = this.#pending.slice(raw.length);
    this.#scanned -= raw.length;
    this.#finishedLength += raw.length;
    this.#fence = undefined;
    return toBlocks(finished);
  }

  #renderTail(): TailOp | undefined {
    const source = this.#pending;
    if (source === this.#tailSource) return undefined;
    this.#tailSource = source;
    if (this.#fence) return this.#openFenceTail(source);
    const tokens = lexMarkdown(completePartialTableRow(source)).filter((t) => t.type !== 'space');
    const only = tokens.length === 1 ? tokens[0] : undefined;
    if (only?.type === 'table') return this.#tableTail(only as Tokens.Table);
    if (only?.type === 'code') {
      const code = only as Tokens.Code;
      return this.#codeTail(codeLanguage(code.lang), code.text);
    }
    this.#tail = tokens.length === 0 ? { kind: 'none' } : { kind: 'other' };
    const before = Array.isArray(this.#shown) ? this.#shown : blockNodes([this.#shown]);
    const nodes = blockNodes(tokens);
    this.#shown = nodes;
    return tailPatch(before, nodes);
  }

  /** The tail of an open fence, from its lines as they are (what marked shows for them). */
  #openFenceTail(source: string): TailOp {
    const fence = this.#fence!;
    const indent = /^ */.exec(source)?.[0].length ?? 0;
    let body = source.slice(fence.bodyStart);
    if (indent > 0) body = body.replace(new RegExp(`^ {1,${indent}}`, 'gm'), '');
    if (body.endsWith('\n')) body = body.slice(0, -1);
    const info = fence.info.trim().replace(/\\([!-/:-@[-`{-~])/g, '$1');
    return this.#codeTail(codeLanguage(info), body);
  }

  #codeTail(language: string, text: string): TailOp {
    const previous = this.#tail;
    this.#tail = { kind: 'code', language, text };
    this.#shown = [codeBlock(language, text), '\n'];
    if (previous.kind === 'code' && previous.language === language && text.startsWith(previous.text)) {
      return { kind: 'appendCode', text: text.slice(previous.text.length) };
    }
    return { kind: 'replace', nodes: this.#shown };
  }

  #tableTail(table: Tokens.Table): TailOp {
    const previous = this.#tail;
    const header = JSON.stringify([table.header.map((cell) => cell.text), table.align]);
    this.#tail = { kind: 'table', header, rows: table.rows.length };
    if (previous.kind === 'table' && previous.header === header && table.rows.length >= previous.rows) {
      // Rows before the last one shown cannot change: a row is one line, and that line is complete.
      const from = Math.max(0, previous.rows - 1);
      this.#shown = table;
      return { kind: 'rows', from, rows: table.rows.slice(from).map((row) => tableRow(row)) };
    }
    this.#shown = blockNodes([table]);
    return { kind: 'replace', nodes: this.#shown };
  }
}

const shownNodes = (nodes: readonly MdNode[] | undefined): MdNode[] => (nodes ?? []).filter((n) => n !== '');
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The change from the tail shown (`before`) to the new one, as small as it simply can be: a
 * paragraph, a list or a quote that grew keeps the nodes it had, and only its end is built. It
 * goes down into the first node that differs while it is the same element (tag and attributes)
 * with the same nodes after it; there, the children after the equal ones are replaced.
 */
export function tailPatch(before: readonly MdNode[], after: readonly MdNode[]): TailOp {
  const path: number[] = [];
  let old = shownNodes(before);
  let now = shownNodes(after);
  for (;;) {
    let keep = 0;
    while (keep < old.length && keep < now.length && same(old[keep]!, now[keep]!)) keep += 1;
    const a = old[keep];
    const b = now[keep];
    const descend =
      typeof a === 'object' &&
      typeof b === 'object' &&
      a.tag === b.tag &&
      same(a.attrs ?? {}, b.attrs ?? {}) &&
      old.length === now.length &&
      same(old.slice(keep + 1), now.slice(keep + 1));
    if (!descend) {
      if (typeof a === 'string' && typeof b === 'string' && b.startsWith(a)) {
        return { kind: 'patch', path, keep: keep + 1, grow: b.slice(a.length), nodes: now.slice(keep + 1) };
      }
      return path.length === 0 && keep === 0
        ? { kind: 'replace', nodes: now }
        : { kind: 'patch', path, keep, nodes: now.slice(keep) };
    }
    path.push(keep);
    old = shownNodes(a.children);
    now = shownNodes(b.children);
  }
}

function toBlocks(tokens: readonly Token[]): MdNode[][] {
  const blocks: MdNode[][] = [];
  for (const token of tokens) {
    if (token.type === 'space') continue;
    const nodes = blockNodes([token]);
    if (nodes.length > 0) blocks.push(nodes);
  }
  return blocks;
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
