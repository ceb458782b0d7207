// Scripted reply texts and the tokenizer of the fake Ollama server.
//
// Everything here is deterministic: the same messages always give the same reply and the same
// token split, so tests can compare a client's rendering with the exact text that was sent.

/**
 * @typedef {{ role: string, content: string, images?: string[] }} ChatMessage
 * @typedef {{ content: string, thinking?: string }} ScriptedReply
 */

/** Words longer than this many code points are cut into pieces, as real BPE vocabularies do. */
const MAX_WORD_CODE_POINTS = 8;
const PIECE_CODE_POINTS = 5;

/**
 * Splits a text into small, realistic tokens: each word with the whitespace that follows it,
 * long words cut into pieces of a few code points (never inside a surrogate pair).
 * Joining the tokens gives back the text exactly.
 * @param {string} text
 * @returns {string[]}
 */
export function tokenize(text) {
  /** @type {string[]} */
  const tokens = [];
  // Leading whitespace is its own token; after that every match is "word + following spaces".
  for (const match of text.matchAll(/\s+|\S+\s*/gu)) {
    const piece = match[0];
    const word = piece.trimEnd();
    const codePoints = Array.from(word);
    if (codePoints.length <= MAX_WORD_CODE_POINTS) {
      tokens.push(piece);
      continue;
    }
    for (let i = 0; i < codePoints.length; i += PIECE_CODE_POINTS) {
      tokens.push(codePoints.slice(i, i + PIECE_CODE_POINTS).join(''));
    }
    // The trailing whitespace rides on the last piece of the word.
    tokens[tokens.length - 1] += piece.slice(word.length);
  }
  return tokens;
}

/**
 * The text of the last user message, whitespace collapsed and cut to a quotable length.
 * @param {ChatMessage[]} messages
 */
export function lastUserQuote(messages, maxLength = 80) {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const text = (last?.content ?? '').replace(/\s+/g, ' ').trim();
  const codePoints = Array.from(text);
  return codePoints.length > maxLength ? codePoints.slice(0, maxLength).join('') + '…' : text;
}

/**
 * Whether the last user message asks for a title of the conversation ("a title … in at most 6
 * words"), as chat clients do after the first answer.
 * @param {ChatMessage[]} messages
 */
export function asksForTitle(messages) {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return /\btitle\b/i.test(last?.content ?? '') && /\bwords?\b/i.test(last?.content ?? '');
}

/**
 * What a chat model answers when asked for a title: a few words of the first question in its own
 * language, capitalised and in quotes, the way small models tend to answer despite "no quotes".
 * @param {ChatMessage[]} messages
 */
export function titleReply(messages) {
  const first = messages.find((m) => m.role === 'user')?.content ?? '';
  const words = first.match(/[\p{L}\p{N}]+/gu)?.slice(0, 4) ?? ['Conversation'];
  return `"${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ')}"`;
}

/**
 * The default reply of chat models: it quotes the last user message and carries multi-byte
 * characters (accents, CJK, an emoji) so clients are tested on UTF-8 handling. About 50 tokens.
 * @param {ChatMessage[]} messages
 */
export function defaultReply(messages) {
  if (asksForTitle(messages)) return titleReply(messages);
  return (
    `You said: "${lastUserQuote(messages)}". ` +
    'This is a scripted reply from the fake Ollama server, written for tests: déjà vu at the café, ' +
    '中文 text, and an emoji 🙂. It streams one small token at a time, so the client can show it as ' +
    'it arrives. Have a nice day!'
  );
}

/**
 * What thinking models "think" before they answer (streamed as `message.thinking`).
 * @param {ChatMessage[]} messages
 */
export function defaultThinking(messages) {
  return (
    `The user said "${lastUserQuote(messages, 40)}". I should answer briefly, keep the accents ` +
    '(é, 中) intact and stay friendly.'
  );
}

/** One markdown section per kind; `n` makes every repetition a little different. */
const SECTION_KINDS = [
  /** @param {number} n */
  (n) =>
    `## ${n}. Streaming overview\n\n` +
    `This part explains **streaming** and _incremental rendering_ (section ${n}). Inline code like ` +
    `\`reader.read()\` and a [link](https://example.com/docs/${n}) appear here, with café, 中文 and 🚀.\n\n`,
  /** @param {number} n */
  (n) =>
    `### Steps ${n}\n\n` +
    '1. Open the connection\n2. Read the stream\n   - parse each line\n   - append the token\n' +
    `3. Close it after ${n} chunks\n\n- one bullet\n- another bullet with \`code\`\n\n`,
  /** @param {number} n */
  (n) =>
    `| Metric | Value | Note |\n|---|---:|---|\n| tokens | ${n * 128} | streamed |\n` +
    `| latency | ${(n % 7) + 3} ms | p50 |\n| naïve | ${n} | ✓ |\n\n`,
  /** @param {number} n */
  (n) =>
    '```ts\n' +
    `export function add${n}(a: number, b: number): number {\n  return a + b + ${n};\n}\n` +
    '```\n\n',
  /** @param {number} n */
  (n) =>
    '```python\n' + `def greet_${n}(name: str) -> str:\n    return f"Hello, {name}! #${n}"\n` + '```\n\n',
  /** @param {number} n */
  (n) =>
    `Inline math: $E = mc^2$ and $\\sum_{i=1}^{${n}} i = \\frac{${n}(${n}+1)}{2}$.\n\n` +
    `$$\n\\int_0^{${n}} x^2\\,dx = \\frac{${n}^3}{3}\n$$\n\n`,
  /** @param {number} n */
  (n) => `> Note ${n}: a quote with **bold**, *italic* and ~~struck~~ text.\n\n`,
];

const MARKDOWN_TITLE = '# Markdown sample\n\n';

/**
 * A long markdown document with headings, lists, a table, fenced code in two languages and
 * inline and display math. With `targetTokens`, sections repeat until the document has at least
 * that many tokens (it ends on a section boundary, so it can exceed the target by one section).
 * @param {number} [targetTokens]
 */
export function markdownDocument(targetTokens) {
  let text = MARKDOWN_TITLE;
  let tokens = tokenize(text).length;
  const minSections = SECTION_KINDS.length;
  for (let i = 0; i < minSections || (targetTokens !== undefined && tokens < targetTokens); i++) {
    const kind = /** @type {(n: number) => string} */ (SECTION_KINDS[i % SECTION_KINDS.length]);
    const section = kind(Math.floor(i / SECTION_KINDS.length) + 1);
    text += section;
    // Sections end in "\n\n", so they tokenize independently of what precedes them.
    tokens += tokenize(section).length;
  }
  return text;
}

/** Caps a requested length so a typo cannot make the server build a gigantic string. */
const MAX_TARGET_TOKENS = 500_000;

/**
 * The reply of the `markdown:latest` model. A last user message containing `tokens=N`
 * (or `N tokens`) asks for a document of about N tokens, which is how benchmarks get long answers
 * through the command-line server.
 * @param {ChatMessage[]} messages
 */
export function markdownReply(messages) {
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const match = /\btokens?\s*[=:]\s*(\d+)/i.exec(last) ?? /\b(\d+)\s*tokens\b/i.exec(last);
  if (match) return markdownDocument(Math.min(Number(match[1]), MAX_TARGET_TOKENS));
  return markdownDocument() + `You said: "${lastUserQuote(messages)}".\n`;
}
