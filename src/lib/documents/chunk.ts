// Cutting a long text into pieces that each fit a token budget, on the boundaries a reader would
// choose: paragraphs (a heading starts a new piece when the current one is well filled), then
// sentences, then words; only a "word" longer than the budget (a base64 blob, a minified line) is
// cut blindly. Every step is one pass over the text, so hostile input costs linear time.
import { estimateTokens } from '../contextBudget';

export interface Chunk {
  index: number;
  text: string;
  /** Offset of the chunk's first character in the source text. */
  start: number;
  tokens: number;
}

interface Piece {
  text: string;
  start: number;
  tokens: number;
  isHeading: boolean;
}

const HEADING = /^(#{1,6}\s|[A-Z0-9][^\n]{0,80}\n[=-]{3,}\s*$)/;

/** Paragraphs: text between blank lines, with their offsets. */
function paragraphs(text: string): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  const push = (to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) {
      out.push({
        text: body,
        start: from + lead,
        tokens: estimateTokens(body),
        isHeading: HEADING.test(body),
      });
    }
  };
  for (const gap of text.matchAll(/\n[ \t]*\n\s*/g)) {
    push(gap.index);
    from = gap.index + gap[0].length;
  }
  push(text.length);
  return out;
}

/** Splits `p` after sentence ends (. ! ? … and CJK full stops) and at line breaks. */
function sentences(p: Piece): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  for (const end of p.text.matchAll(/[.!?…。！？]+["'”’)\]]*\s+|\n/g)) {
    const to = end.index + end[0].length;
    const text = p.text.slice(from, to).trim();
    if (text) out.push({ text, start: p.start + from, tokens: estimateTokens(text), isHeading: false });
    from = to;
  }
  const rest = p.text.slice(from).trim();
  if (rest) out.push({ text: rest, start: p.start + from, tokens: estimateTokens(rest), isHeading: false });
  return out;
}

/** Words, and words longer than the budget cut into pieces of `max` code points (≥ 1 token each). */
function words(p: Piece, max: number): Piece[] {
  const out: Piece[] = [];
  for (const w of p.text.matchAll(/\S+/g)) {
    const tokens = estimateTokens(w[0]);
    if (tokens <= max) {
      out.push({ text: w[0], start: p.start + w.index, tokens, isHeading: false });
      continue;
    }
    const points = Array.from(w[0]);
    let offset = 0;
    for (let i = 0; i < points.length; i += max) {
      const text = points.slice(i, i + max).join('');
      out.push({ text, start: p.start + w.index + offset, tokens: estimateTokens(text), isHeading: false });
      offset += text.length;
    }
  }
  return out;
}

/** Joins pieces greedily into chunks of at most `max` tokens (separators counted). */
function pack(pieces: Piece[], max: number, sep: string, out: Piece[]): void {
  const sepTokens = estimateTokens(sep);
  let current: Piece | null = null;
  for (const p of pieces) {
    const isFull = current !== null && current.tokens + sepTokens + p.tokens > max;
    // A heading opens a new chunk when the current one is already half full.
    const isBreak = current !== null && p.isHeading && current.tokens > max / 2;
    if (current && (isFull || isBreak)) {
      out.push(current);
      current = null;
    }
    if (!current) current = { ...p };
    else {
      current.text += sep + p.text;
      current.tokens += sepTokens + p.tokens;
    }
  }
  if (current) out.push(current);
}

/**
 * Chunks of at most `maxTokens` estimated tokens each, in order. An empty or blank text gives none.
 */
export function chunkText(text: string, maxTokens: number): Chunk[] {
  const max = Math.max(1, Math.floor(maxTokens));
  const units: Piece[] = [];
  for (const para of paragraphs(text)) {
    if (para.tokens <= max) {
      units.push(para);
      continue;
    }
    // Too long a paragraph: its sentences, and the words of a sentence too long on its own.
    const parts: Piece[] = [];
    for (const s of sentences(para)) {
      if (s.tokens <= max) parts.push(s);
      else pack(words(s, max), max, ' ', parts);
    }
    pack(parts, max, ' ', units);
  }
  const chunks: Piece[] = [];
  pack(units, max, '\n\n', chunks);
  return chunks.map((c, index) => ({ index, text: c.text, start: c.start, tokens: c.tokens }));
}

/** The 1-based page an offset falls on, given each page's start offset (sorted). */
export function pageAt(pageStarts: readonly number[] | undefined, offset: number): number | undefined {
  if (!pageStarts?.length) return undefined;
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
