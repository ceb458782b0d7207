import { Marked, Renderer, Tokenizer, type Token, type Tokens } from 'marked';
import { maskMath, mathBlockStart, mathExtensions } from './mathSyntax';
import { escapeHtml, sanitizeMany } from './sanitize';
import { markdownStrings } from '../i18n/markdown';

// A few attribute-less tags that models put in tables and prose ("H<sub>2</sub>O", "a<br>b") are
// kept as formatting; every other tag in model output is shown as the text it is.
const SIMPLE_TAG = /^<(\/?)(br|sub|sup|kbd)\s*(\/?)>/i;
const SIMPLE_TAGS = new Set(['<br>', '<sub>', '</sub>', '<sup>', '</sup>', '<kbd>', '</kbd>']);
const CODE_LANGUAGE = /^[\w#+.-]{1,40}$/;
const WEB_URL = /^https?:\/\//i;

function codeLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return CODE_LANGUAGE.test(word) ? word.toLowerCase() : '';
}

function plainText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens.map((token) => ('tokens' in token ? plainText(token.tokens, token.raw) : token.raw)).join('');
}

const markdown = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  extensions: mathExtensions,
  hooks: {
    emStrongMask: maskMath,
  },
  tokenizer: {
    // Raw HTML blocks are not a thing in model output: their lines are read as paragraphs.
    html: () => undefined,
    // Link reference definitions are off: a definition arriving later would change blocks that
    // were already shown, so streaming could not stay equal to one-shot rendering. The line then
    // reads as text, and its URL is still autolinked.
    def: () => undefined,
    // A setext heading's text cannot run into a math block: marked's lheading rule knows only the
    // built-in blocks that interrupt a paragraph, so without this `text\n$$ x $$\n---` would be
    // a heading or not depending on whether the last line had arrived yet.
    lheading(src) {
      const cut = mathBlockStart(src.slice(1));
      if (cut === undefined) return false;
      return Tokenizer.prototype.lheading.call(this, src.slice(0, cut + 1));
    },
    tag(src) {
      const match = SIMPLE_TAG.exec(src);
      if (!match) return undefined;
      const name = (match[2] ?? '').toLowerCase();
      const text = name === 'br' ? '<br>' : `<${match[1] ?? ''}${name}>`;
      return { type: 'html', raw: match[0], inLink: false, inRawBlock: false, block: false, text };
    },
  },
  renderer: {
    html({ text }) {
      return SIMPLE_TAGS.has(text) ? text : escapeHtml(text);
    },
    code({ text, lang }) {
      const language = codeLanguage(lang);
      const className = language ? ` class="language-${language}"` : '';
      return (
        `<div class="md-code"><div class="md-code-header"><span class="md-code-lang">${language}</span></div>` +
        `<pre><code${className}>${escapeHtml(text)}</code></pre></div>\n`
      );
    },
    // Images are shown as links and never loaded: a remote image in model output is a way to send
    // the conversation to any server (a prompt-injected URL), and the CSP blocks it anyway.
    image({ href, text, tokens }) {
      const label = escapeHtml(markdownStrings.image(plainText(tokens, text).trim()));
      if (!WEB_URL.test(href.trim())) return label;
      return `<a class="md-image-link" href="${escapeHtml(href.trim())}">${label}</a>`;
    },
    table(token) {
      return `<div class="md-table">${Renderer.prototype.table.call(this, token)}</div>\n`;
    },
    listitem(item: Tokens.ListItem) {
      const html = Renderer.prototype.listitem.call(this, item);
      return item.task ? html.replace(/^<li>/, '<li class="md-task">') : html;
    },
  },
});

/** CRLF and CR become LF (the lexer does this too, but offsets must match the text we keep). */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Top-level tokens of normalised markdown. Their `raw` fields add up to the source. */
export function lexMarkdown(src: string): Token[] {
  return markdown.lexer(src);
}

/** Sanitised HTML of one top-level token ('' for blank space). */
/**
 * Sanitised HTML of several blocks, one string per block that renders to something. Sanitising has
 * a fixed cost per call (DOMPurify parses a new document each time), and a fast stream finishes
 * many blocks per frame, so they are sanitised in one call, then split again.
 */
export function renderBlocks(tokens: readonly Token[]): string[] {
  const raw = tokens.filter((t) => t.type !== 'space').map((t) => markdown.parser([t]));
  return sanitizeMany(raw).filter((html) => html !== '');
}

/** Sanitised HTML of a whole text, block by block, exactly as streaming ends up. */
export function renderMarkdown(text: string): string {
  return renderBlocks(lexMarkdown(normalizeNewlines(text))).join('');
}
