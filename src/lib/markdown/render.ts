import { blockHtml, lexMarkdown, normalizeNewlines } from './lex';
import { sanitizeMany } from './sanitize';

// The reference renderer: marked's HTML, sanitised by DOMPurify. The page never uses it (it builds
// DOM nodes straight from tokens, see tree.ts and build.ts); the tests hold the page's DOM equal
// to it for every fixture and the hostile corpus.

/** Sanitised HTML of several blocks, one string per block that renders to something. */
export function renderBlocks(tokens: readonly import('marked').Token[]): string[] {
  const raw = tokens.filter((t) => t.type !== 'space').map((t) => blockHtml(t));
  return sanitizeMany(raw).filter((html) => html !== '');
}

/** Sanitised HTML of a whole text, block by block. */
export function renderMarkdown(text: string): string {
  return renderBlocks(lexMarkdown(normalizeNewlines(text))).join('');
}
