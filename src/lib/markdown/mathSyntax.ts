import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from './escape';

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

// Inline math is found by hand-written scanners, not regular expressions: `\\(` repeated 100,000
// times made the old patterns rescan the whole rest of the text from every opener (quadratic).
// The rules are unchanged: `$$…$$` (display), `$…$` with Pandoc's rule so prices are not math
// (no space just inside the dollars, no digit right after), and `\\(…\\)`. Each scan answers from
// tables built once per inline text, so the work is linear in the text whatever it holds.

const DOLLAR = 36;
const BACKSLASH = 92;
const SPACE = /\s/;
const DIGIT = /[0-9]/;

/** One inline text being lexed, with the lookup tables its scans share. */
interface InlineScope {
  readonly src: string;
  /** For each offset: where a `$…$` body starting there ends (its first unescaped `$`), or -1. */
  dollarEnd?: Int32Array;
  /** Last `indexOf` answers, reused while the queries move forward. */
  doubleFrom: number;
  doubleAt: number;
  parenFrom: number;
  parenAt: number;
  /** Where the text's last `@` is (-2 until looked up). */
  lastAt: number;
  /** The next `$` and `\\(` at or after startFrom (-1: none). */
  startFrom: number;
  nextDollar: number;
  nextParen: number;
}

function createScope(src: string): InlineScope {
  return {
    src,
    doubleFrom: Infinity,
    doubleAt: -1,
    parenFrom: Infinity,
    parenAt: -1,
    lastAt: -2,
    startFrom: Infinity,
    nextDollar: -1,
    nextParen: -1,
  };
}

/** The first `$$` at or after `from`, reusing the previous answer while it still holds. */
function nextDouble(scope: InlineScope, from: number): number {
  if (from >= scope.doubleFrom && (scope.doubleAt === -1 || from <= scope.doubleAt)) return scope.doubleAt;
  scope.doubleFrom = from;
  scope.doubleAt = scope.src.indexOf('$$', from);
  return scope.doubleAt;
}

function nextParenClose(scope: InlineScope, from: number): number {
  if (from >= scope.parenFrom && (scope.parenAt === -1 || from <= scope.parenAt)) return scope.parenAt;
  scope.parenFrom = from;
  scope.parenAt = scope.src.indexOf('\\)', from);
  return scope.parenAt;
}

/** Right to left, once: where a `$` body that starts at each offset reaches its first bare `$`. */
function dollarEnds(scope: InlineScope): Int32Array {
  if (scope.dollarEnd) return scope.dollarEnd;
  const { src } = scope;
  const n = src.length;
  const ends = new Int32Array(n + 2).fill(-1);
  for (let i = n - 1; i >= 0; i -= 1) {
    const code = src.charCodeAt(i);
    if (code === DOLLAR) ends[i] = i;
    // A backslash escapes the next character, whatever it is; a lone one at the end ends nothing.
    else if (code === BACKSLASH) ends[i] = i + 1 < n ? (ends[i + 2] ?? -1) : -1;
    else ends[i] = ends[i + 1] ?? -1;
  }
  scope.dollarEnd = ends;
  return ends;
}

interface InlineMatch {
  end: number;
  tex: string;
  display: boolean;
}

/** Inline math starting exactly at `at` in the scope's text. */
function matchInline(scope: InlineScope, at: number): InlineMatch | undefined {
  const { src } = scope;
  const first = src.charCodeAt(at);
  if (first === DOLLAR) {
    if (src.charCodeAt(at + 1) === DOLLAR) {
      // `$$…$$`: at least one character, no `$$` inside.
      if (at + 2 >= src.length || src.startsWith('$$', at + 2)) return undefined;
      const close = nextDouble(scope, at + 3);
      return close === -1 ? undefined : { end: close + 2, tex: src.slice(at + 2, close), display: true };
    }
    const next = src.charAt(at + 1);
    if (next === '' || SPACE.test(next)) return undefined;
    const close = dollarEnds(scope)[at + 1] ?? -1;
    if (close === -1) return undefined;
    const before = src.charAt(close - 1);
    if (SPACE.test(before) || before === '\\') return undefined;
    const after = src.charAt(close + 1);
    if (after === '$' || DIGIT.test(after)) return undefined;
    return { end: close + 1, tex: src.slice(at + 1, close), display: false };
  }
  if (first === BACKSLASH && src.charCodeAt(at + 1) === 40 /* ( */) {
    if (at + 2 >= src.length || src.startsWith('\\)', at + 2)) return undefined;
    const close = nextParenClose(scope, at + 3);
    return close === -1 ? undefined : { end: close + 2, tex: src.slice(at + 2, close), display: false };
  }
  return undefined;
}

// marked lexes an inline text by calling the tokenizer on ever shorter suffixes of it. The lexer
// (see lex.ts) announces each inline text here, so a suffix's offset in it is known and the
// scope's tables can answer; inline texts nest (emphasis, link text), hence a stack.
const scopes: InlineScope[] = [];

export function enterInline(src: string): void {
  scopes.push(createScope(src));
}

export function leaveInline(): void {
  scopes.pop();
}

/** The scope `src` is a suffix of, and its offset there. */
function scopeOf(src: string): { scope: InlineScope; at: number } {
  const scope = scopes.at(-1);
  const at = scope ? scope.src.length - src.length : -1;
  // marked only ever passes suffixes of the announced text; the checks are cheap insurance.
  if (
    scope &&
    at >= 0 &&
    scope.src.charCodeAt(at) === src.charCodeAt(0) &&
    scope.src.endsWith(src.slice(-16))
  ) {
    return { scope, at };
  }
  // Called outside a lexer that announces its texts: correct, just without shared tables.
  return { scope: createScope(src), at: 0 };
}

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

/**
 * Whether an `@` follows somewhere in the inline text `src` is the rest of (constant time for
 * the suffixes marked passes while lexing an announced text).
 */
export function atSignAhead(src: string): boolean {
  const { scope, at } = scopeOf(src);
  if (scope.lastAt === -2) scope.lastAt = scope.src.lastIndexOf('@');
  return scope.lastAt >= at;
}

/** Where inline math could start at or after `at` (marked asks at every text step). */
function nextInlineStart(scope: InlineScope, at: number): number {
  if (at < scope.startFrom) {
    scope.nextDollar = scope.src.indexOf('$', at);
    scope.nextParen = scope.src.indexOf('\\(', at);
  } else {
    if (scope.nextDollar !== -1 && scope.nextDollar < at) scope.nextDollar = scope.src.indexOf('$', at);
    if (scope.nextParen !== -1 && scope.nextParen < at) scope.nextParen = scope.src.indexOf('\\(', at);
  }
  scope.startFrom = at;
  const { nextDollar, nextParen } = scope;
  if (nextDollar === -1) return nextParen;
  return nextParen === -1 ? nextDollar : Math.min(nextDollar, nextParen);
}

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start(src) {
    const { scope, at } = scopeOf(src);
    const next = nextInlineStart(scope, at);
    return next === -1 ? undefined : next - at;
  },
  tokenizer(src) {
    const { scope, at } = scopeOf(src);
    const match = matchInline(scope, at);
    if (!match) return undefined;
    return mathToken('inlineMath', src.slice(0, match.end - at), match.tex, match.display);
  },
  renderer(token) {
    return renderPlaceholder('span', String(token['tex']), Boolean(token['display']));
  },
};

export const mathExtensions = [blockMath, inlineMath];

/** Hides math from marked's emphasis matching, so `$a*b$ … *c*` doesn't pair the stars across. */
export function maskMath(src: string): string {
  if (!src.includes('$') && !src.includes('\\(')) return src;
  const scope = createScope(src);
  const parts: string[] = [];
  let copied = 0;
  for (let at = 0; at < src.length; at += 1) {
    const code = src.charCodeAt(at);
    if (code !== DOLLAR && code !== BACKSLASH) continue;
    const match = matchInline(scope, at);
    if (!match) continue;
    parts.push(src.slice(copied, at), 'a'.repeat(match.end - at));
    copied = match.end;
    at = match.end - 1;
  }
  if (copied === 0) return src;
  parts.push(src.slice(copied));
  return parts.join('');
}
