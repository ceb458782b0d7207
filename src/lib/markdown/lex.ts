import { Lexer, Marked, Renderer, Tokenizer, type Token, type Tokens } from 'marked';
import {
  atSignAhead,
  enterInline,
  leaveInline,
  maskMath,
  mathBlockStart,
  mathExtensions,
} from './mathSyntax';
import { escapeHtml } from './escape';
import { markdownStrings } from '../i18n/markdown';

// The markdown dialect: marked (GFM) with math, no raw HTML, no link definitions. This module only
// needs plain JavaScript (no DOM), so it runs in the lexing worker (lexer.worker.ts) as well.

/**
 * Lists and quotes nest at most this deep; a deeper marker reads as text. marked lexes every level
 * again from its parent's text, so a list nested 2,000 deep cost minutes; 12 levels is more than
 * any answer needs.
 */
export const MAX_NESTING = 12;

// A few attribute-less tags that models put in tables and prose ("H<sub>2</sub>O", "a<br>b") are
// kept as formatting; every other tag in model output is shown as the text it is.
const SIMPLE_TAG = /^<(\/?)(br|sub|sup|kbd)\s*(\/?)>/i;
export const SIMPLE_TAGS: ReadonlySet<string> = new Set([
  '<br>',
  '<sub>',
  '</sub>',
  '<sup>',
  '</sup>',
  '<kbd>',
  '</kbd>',
]);
const CODE_LANGUAGE = /^[\w#+.-]{1,40}$/;
export const WEB_URL = /^https?:\/\//i;

export function codeLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return CODE_LANGUAGE.test(word) ? word.toLowerCase() : '';
}

/** An image's label text: the raw text of its alt tokens. */
export function plainText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens.map((token) => ('tokens' in token ? plainText(token.tokens, token.raw) : token.raw)).join('');
}

/**
 * A table has at most this many body rows; the lines after them read as a paragraph. A table is
 * laid out and painted whole whenever it changes: a 20,000-row one took seconds a frame.
 */
export const MAX_TABLE_ROWS = 1000;

/** The table's header and first MAX_TABLE_ROWS rows: one line each in its source. */
function cutTable(table: Tokens.Table): Tokens.Table {
  let end = -1;
  for (let line = 0; line < MAX_TABLE_ROWS + 2; line += 1) {
    end = table.raw.indexOf('\n', end + 1);
    if (end === -1) return table;
  }
  return { ...table, raw: table.raw.slice(0, end + 1), rows: table.rows.slice(0, MAX_TABLE_ROWS) };
}

let depth = 0;
/** Inside a link's text an image shows as its label: a link cannot hold another link. */
let linkDepth = 0;

function nested<T>(run: () => T): T | undefined {
  if (depth >= MAX_NESTING) return undefined;
  depth += 1;
  try {
    return run();
  } finally {
    depth -= 1;
  }
}

// GFM's inline text rule looks ahead, at every position, for an e-mail address (a run of address
// characters, then `@`): on `*a*a*a…` with no `@` that is a scan to the end from every position,
// quadratic (50,000 of them took seconds). Without an `@` ahead those lookaheads cannot match, so
// the rule without them gives the same tokens.
const EMAIL_LOOKAHEAD = "(?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@)";
const EMAIL_ALTERNATIVES = [`|${EMAIL_LOOKAHEAD}`, `|[^a-zA-Z0-9.!#$%&'*+\\/=?_\`{\\|}~-]${EMAIL_LOOKAHEAD}`];
let textWithoutEmail: { rule: RegExp; without: RegExp | null } | undefined;

function withoutEmailLookahead(rule: RegExp): RegExp | null {
  if (textWithoutEmail?.rule === rule) return textWithoutEmail.without;
  let source = rule.source;
  for (const part of EMAIL_ALTERNATIVES) source = source.includes(part) ? source.replace(part, '') : '';
  const without = source ? new RegExp(source, rule.flags) : null;
  textWithoutEmail = { rule, without };
  return without;
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
    // (undefined, not false: false would fall back to marked's own rule, uncapped.)
    list(src) {
      return nested(() => Tokenizer.prototype.list.call(this, src));
    },
    blockquote(src) {
      return nested(() => Tokenizer.prototype.blockquote.call(this, src));
    },
    table(src) {
      const table = Tokenizer.prototype.table.call(this, src);
      return table && table.rows.length > MAX_TABLE_ROWS ? cutTable(table) : table;
    },
    // A setext heading's text cannot run into a math block: marked's lheading rule knows only the
    // built-in blocks that interrupt a paragraph, so without this `text\n$$ x $$\n---` would be
    // a heading or not depending on whether the last line had arrived yet.
    lheading(src) {
      const cut = mathBlockStart(src.slice(1));
      if (cut === undefined) return false;
      return Tokenizer.prototype.lheading.call(this, src.slice(0, cut + 1));
    },
    inlineText(src) {
      const rules = this.rules.inline;
      const original = rules.text;
      const without = atSignAhead(src) ? null : withoutEmailLookahead(original);
      if (!without) return Tokenizer.prototype.inlineText.call(this, src);
      rules.text = without;
      try {
        return Tokenizer.prototype.inlineText.call(this, src);
      } finally {
        rules.text = original;
      }
    },
    tag(src) {
      const match = SIMPLE_TAG.exec(src);
      if (!match) return undefined;
      const name = (match[2] ?? '').toLowerCase();
      const text = name === 'br' ? '<br>' : `<${match[1] ?? ''}${name}>`;
      return { type: 'html', raw: match[0], inLink: false, inRawBlock: false, block: false, text };
    },
  },
  // The HTML renderer is the reference the DOM builder (tree.ts) is tested against: each rule
  // here has its twin there.
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
    link(token) {
      linkDepth += 1;
      try {
        return Renderer.prototype.link.call(this, token);
      } finally {
        linkDepth -= 1;
      }
    },
    // Images are shown as links and never loaded: a remote image in model output is a way to send
    // the conversation to any server (a prompt-injected URL), and the CSP blocks it anyway.
    image({ href, text, tokens }) {
      const label = escapeHtml(markdownStrings.image(plainText(tokens, text).trim()));
      if (linkDepth > 0 || !WEB_URL.test(href.trim())) return label;
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

/**
 * One run of inline text (a paragraph, a heading, a cell…) makes at most this many elements; the
 * rest of its formatting reads as the text it is. `` `a `` ×100,000 made one paragraph of 50,000
 * `<code>` elements, whose layout and paint took seconds each time it grew; no answer needs more.
 */
export const MAX_INLINE_ELEMENTS = 1000;

/** Tokens that stay text whatever their number (the others each make an element). */
const TEXT_TOKENS: ReadonlySet<string> = new Set(['text', 'escape']);

function capInline(tokens: Token[]): Token[] {
  let elements = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (TEXT_TOKENS.has(token.type) || ++elements <= MAX_INLINE_ELEMENTS) continue;
    tokens[i] = { type: 'text', raw: token.raw, text: token.raw, escaped: false };
  }
  return tokens;
}

/**
 * Announces each inline text to the math scanners, which then answer in constant time, and caps
 * the elements it makes.
 */
class MathLexer extends Lexer {
  override inlineTokens(src: string, tokens?: Token[]): Token[] {
    enterInline(src);
    try {
      return capInline(super.inlineTokens(src, tokens));
    } finally {
      leaveInline();
    }
  }
}

/** CRLF and CR become LF (the lexer does this too, but offsets must match the text we keep). */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Top-level tokens of normalised markdown. Their `raw` fields add up to the source. */
export function lexMarkdown(src: string): Token[] {
  depth = 0;
  const tokens = new MathLexer(markdown.defaults).lex(src);
  pairSimpleTags(tokens);
  return tokens;
}

type Inline = Token & { tokens?: Token[] };

/**
 * `<sub>`, `<sup>` and `<kbd>` count only in pairs within one run of inline text; any other is
 * shown as text. So the HTML never relies on the browser's error recovery, and the DOM built
 * from tokens (tree.ts) can match it exactly.
 */
function pairSimpleTags(tokens: readonly Token[]): void {
  const open: Token[] = [];
  for (const token of tokens) {
    if (token.type === 'html' && !token.block && token.text !== '<br>' && SIMPLE_TAGS.has(token.text)) {
      const text = token.text as string;
      if (!text.startsWith('</')) open.push(token);
      else if ((open.at(-1) as Tokens.HTML | undefined)?.text === text.replace('/', '')) open.pop();
      else toText(token);
      continue;
    }
    const children = (token as Inline).tokens;
    if (children) pairSimpleTags(children);
    if (token.type === 'list') for (const item of (token as Tokens.List).items) pairSimpleTags(item.tokens);
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      for (const cell of table.header) pairSimpleTags(cell.tokens);
      for (const row of table.rows) for (const cell of row) pairSimpleTags(cell.tokens);
    }
  }
  for (const token of open) toText(token);
}

function toText(token: Token): void {
  const html = token as Tokens.HTML;
  (token as unknown as Tokens.Text).type = 'text';
  (token as unknown as Tokens.Text).text = html.raw;
  (token as unknown as Tokens.Text).escaped = false;
}

/** The reference HTML of one block (unsanitised: render.ts sanitises it for the tests' oracle). */
export function blockHtml(token: Token): string {
  return markdown.parser([token]);
}
