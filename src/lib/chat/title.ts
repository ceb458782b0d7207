// A chat's title written by its model after the first answer (Settings → "Generate chat titles").
// One short request that is not streamed, then the answer is cleaned into one plain line: models
// wrap titles in quotes or bold, prefix them with "Title:", or add a sentence after them.
import type { ChatRequest, Provider } from '../providers/types';
import type { MessageRecord } from '../storage/types';
import { runTurn, takesThinkLevels, thinkField } from './turn';

/** The longest title kept (the same limit as a title taken from the first question). */
export const TITLE_MAX_CHARS = 60;
/** Asked for 6 words; a model that gives a few more still gives a title, not a paragraph. */
const TITLE_MAX_WORDS = 8;
/** What of the first question and answer the model reads: enough to name it, little to evaluate. */
const EXCERPT_CHARS = 1500;
/** Tokens the answer may take: a title, with room for a model that adds a word or two. */
const TITLE_TOKENS = 40;

// Model-facing, not shown: it tells the model to answer in the chat's own language, whatever the UI's.
export const TITLE_INSTRUCTION =
  'Write a title for this conversation in at most 6 words, in the language of my first message. ' +
  'Reply with the title only: no quotes, no punctuation at the end, no explanation.';

const excerpt = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS)}…` : s);

/** The title request: the first question and answer, then the instruction; short and not streamed. */
export function titleRequest(
  question: MessageRecord,
  answer: MessageRecord,
  model: string,
  capabilities: readonly string[],
  keepAlive: string | undefined,
): ChatRequest {
  // A model that cannot stop thinking (gpt-oss) thinks as little as it can, and is not cut short:
  // its thinking counts against the token limit.
  const levels = capabilities.includes('thinking') && takesThinkLevels(model);
  return {
    model,
    messages: [
      { role: 'user', content: excerpt(question.content) },
      { role: 'assistant', content: excerpt(answer.content) },
      { role: 'user', content: TITLE_INSTRUCTION },
    ],
    stream: false,
    think: levels ? 'low' : thinkField(capabilities, false),
    options: levels ? { temperature: 0.2 } : { temperature: 0.2, num_predict: TITLE_TOKENS },
    ...(keepAlive ? { keepAlive } : {}),
  };
}

/** Removes `<think>…</think>` sections (and an unclosed one to the end), in one pass. */
function withoutThinking(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<think>', at);
    if (open < 0) return out + text.slice(at);
    out += text.slice(at, open);
    const close = text.indexOf('</think>', open);
    if (close < 0) return out;
    at = close + '</think>'.length;
  }
}

const LABEL = /^(?:title|titre|título|titulo|titel|titolo|tytuł|название)\s*:\s*/iu;
const QUOTES = /^["'“”‘’«»„`]+|["'“”‘’«»„`]+$/gu;
// Markdown that a title can carry: a heading or list mark, emphasis, code.
const LEAD = /^(?:#{1,6}\s+|[-*+>]\s+|\d+[.)]\s+)/u;
const EMPHASIS = /\*\*|__|[*_`~]/gu;
const CONTROL = /\p{Cc}|\p{Cf}/gu;

/** The model's answer as a title: one plain line, or null when nothing usable is left. */
export function cleanTitle(raw: string): string | null {
  const line =
    withoutThinking(raw)
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  // Past this a line is no title anyway; the cut keeps every step below short whatever the server sent.
  let t = line.slice(0, 400).replace(CONTROL, ' ').replace(LEAD, '').replace(EMPHASIS, '').trim();
  t = t.replace(LABEL, '').trim().replace(QUOTES, '').trim();
  // A sentence after the title ("Paris Trip. This title sums up…") is not the title.
  t = t
    .replace(/[.!。]+\s.*$/u, '')
    .replace(/[.:;,!。]+$/u, '')
    .trim();
  const words = t.split(/\s+/u).filter(Boolean);
  t = words.slice(0, TITLE_MAX_WORDS).join(' ');
  if (t.length > TITLE_MAX_CHARS) {
    const cut = t.slice(0, TITLE_MAX_CHARS - 1);
    const space = cut.lastIndexOf(' ');
    t = `${(space > 20 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return /[\p{L}\p{N}]/u.test(t) ? t : null;
}

/** Asks the model for a title. Throws what the request throws; null when the answer is no title. */
export async function generateTitle(provider: Provider, request: ChatRequest): Promise<string | null> {
  let text = '';
  await runTurn(provider, request, { onContent: (t) => (text += t), onThinking: () => {} });
  return cleanTitle(text);
}
