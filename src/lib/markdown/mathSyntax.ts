import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from './sanitize';

// Math is only *recognised* here: the TeX source is kept as text in a placeholder element, and
// turned into MathML later by math.ts (loaded on demand) straight from that text. So math never
// goes through the raw-HTML path of model output, and shows as readable source until then.

interface MathToken extends Tokens.Generic {
  type: 'blockMath' | 'inlineMath';
  tex: string;
  display: boolean;
}

// A math block behaves like a code fence: a line starting with `$$` (or `\[`) opens it, and it runs
// to the closing delimiter or, unclosed, to the end of the text. So a block, once opened, stays a
// block whatever comes next: streaming and one-shot rendering always agree. A line like
// `$$x$$ is neat` opens nothing: it is a paragraph with inline math.
const DELIMITERS = [
  { close: '$$', opener: /^ {0,3}\$\$/ },
  { close: '\\]', opener: /^ {0,3}\\\[/ },
] as const;
const BLOCK_START = /\n {0,3}(?:\$\$|\\\[)/g;
const BLANK_LINE = /\n[ \t]*\n/;

interface BlockMatch {
  raw: string;
  tex: string;
}

function lineEnd(src: string, from: number): number {
  const end = src.indexOf('\n', from);
  return end === -1 ? src.length : end;
}

/** The delimiters of the math block that the first line of `src` opens, if it opens one. */
function opening(src: string): { close: string; rest: string; firstEnd: number } | undefined {
  for (const { close, opener } of DELIMITERS) {
    const open = opener.exec(src);
    if (!open) continue;
    const firstEnd = lineEnd(src, 0);
    const rest = src.slice(open[0].length, firstEnd);
    const closeAt = rest.indexOf(close);
    // Closed on its first line: a block only when the closing delimiter ends the line.
    if (closeAt !== -1 && rest.slice(closeAt + close.length).trim() !== '') return undefined;
    return { close, rest, firstEnd };
  }
  return undefined;
}

/** A math block at the start of `src`. */
function matchBlock(src: string): BlockMatch | undefined {
  const open = opening(src);
  if (!open) return undefined;
  const { close, rest, firstEnd } = open;
  const closeAt = rest.indexOf(close);
  if (closeAt !== -1) {
    return { raw: src.slice(0, Math.min(firstEnd + 1, src.length)), tex: rest.slice(0, closeAt) };
  }
  let tex = rest;
  let from = firstEnd + 1;
  while (from <= src.length) {
    const end = lineEnd(src, from);
    const line = src.slice(from, end);
    const at = line.indexOf(close);
    if (at !== -1) {
      // Whatever follows the closing delimiter on its line (often a full stop) stays in the math.
      tex += '\n' + line.slice(0, at) + line.slice(at + close.length);
      return { raw: src.slice(0, Math.min(end + 1, src.length)), tex };
    }
    tex += '\n' + line;
    from = end + 1;
  }
  // Unclosed: everything up to the end (a block still being written, or a forgotten delimiter).
  return { raw: src, tex };
}

const INLINE_DISPLAY = /^\$\$((?:[^$]|\$(?!\$))+?)\$\$/;
// Pandoc's rule, so prices are not math: no space just inside the dollars, no digit right after.
const INLINE_DOLLAR = /^\$(?![\s$])((?:\\[\s\S]|[^\\$])+?)(?<![\s\\])\$(?![\d$])/;
const INLINE_PAREN = /^\\\(((?:(?!\\\))[\s\S])+?)\\\)/;
const INLINE_START = /\$|\\\(/;
const INLINE_ANY =
  /\$\$(?:[^$]|\$(?!\$))+?\$\$|\$(?![\s$])(?:\\[\s\S]|[^\\$])+?(?<![\s\\])\$(?![\d$])|\\\((?:(?!\\\))[\s\S])+?\\\)/g;

function mathToken(type: MathToken['type'], raw: string, tex: string, display: boolean): MathToken {
  return { type, raw, tex: tex.trim(), display };
}

function renderPlaceholder(tag: 'div' | 'span', tex: string, display: boolean): string {
  const className = display ? 'md-math md-math-display' : 'md-math';
  return `<${tag} class="${className}">${escapeHtml(tex)}</${tag}>`;
}

/**
 * Where a math block interrupts the paragraph at the start of `src` (after its first line). Only
 * looks up to the next blank line: the paragraph cannot go further, and scanning the whole rest of
 * the text for every paragraph would be quadratic.
 */
export function mathBlockStart(src: string): number | undefined {
  const blank = BLANK_LINE.exec(src);
  const scope = blank ? src.slice(0, blank.index + 1) : src;
  for (const match of scope.matchAll(BLOCK_START)) {
    if (opening(scope.slice(match.index + 1))) return match.index + 1;
  }
  return undefined;
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: mathBlockStart,
  tokenizer(src) {
    const match = matchBlock(src);
    return match ? mathToken('blockMath', match.raw, match.tex, true) : undefined;
  },
  renderer(token) {
    return renderPlaceholder('div', String(token['tex']), true) + '\n';
  },
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start(src) {
    return INLINE_START.exec(src)?.index;
  },
  tokenizer(src) {
    const display = INLINE_DISPLAY.exec(src);
    if (display) return mathToken('inlineMath', display[0], display[1] ?? '', true);
    const match = INLINE_DOLLAR.exec(src) ?? INLINE_PAREN.exec(src);
    if (!match) return undefined;
    return mathToken('inlineMath', match[0], match[1] ?? '', false);
  },
  renderer(token) {
    return renderPlaceholder('span', String(token['tex']), Boolean(token['display']));
  },
};

export const mathExtensions = [blockMath, inlineMath];

/** Hides math from marked's emphasis matching, so `$a*b$ … *c*` doesn't pair the stars across. */
export function maskMath(src: string): string {
  if (!src.includes('$') && !src.includes('\\(')) return src;
  return src.replace(INLINE_ANY, (match) => 'a'.repeat(match.length));
}
