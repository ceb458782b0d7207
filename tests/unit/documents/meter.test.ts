// The context meter counts what a send will really carry (issue 14): documents whole when they fit,
// else the parts that fill the room left, so it warns only when the send itself will not fit.
// And a conversation becomes one text for the sequential summary, cut between messages first.
import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../src/lib/documents/chunk';
import { measure, type MeterInput } from '../../../src/lib/documents/meter';
import { conversationText } from '../../../src/lib/documents/transcript';
import type { DocumentRecord, MessageRecord } from '../../../src/lib/storage/types';

const doc = (tokens: number): DocumentRecord => ({
  id: `d${tokens}`,
  sessionId: 's',
  name: 'notes.txt',
  size: tokens * 4,
  mime: 'text/plain',
  text: 'x'.repeat(tokens * 4),
  tokens,
  createdAt: 0,
});

let seq = 0;
const msg = (
  role: 'user' | 'assistant',
  content: string,
  extra: Partial<MessageRecord> = {},
): MessageRecord =>
  ({
    id: `m${seq++}`,
    sessionId: 's',
    parentId: null,
    role,
    content,
    status: 'done',
    createdAt: seq,
    ...extra,
  }) as MessageRecord;

const input = (x: Partial<MeterInput>): MeterInput => ({
  systemPrompt: '',
  draft: '',
  messages: [],
  docs: [],
  limit: 2048,
  trained: 2048,
  ...x,
});

describe('measure', () => {
  it('counts a document that fits whole, whole', () => {
    const m = measure(input({ docs: [doc(500)], draft: 'What does it say?' }))!;
    expect(m.documents).toEqual({ whole: 520, isPartial: false });
    expect(m.used).toBeGreaterThan(520);
    expect(m.fits).toBe(true);
  });

  it('counts a document larger than the window as the parts that will go, which fit', () => {
    const m = measure(input({ docs: [doc(45_000)], draft: 'Where is the lighthouse?' }))!;
    expect(m.documents).toEqual({ whole: 45_020, isPartial: true });
    expect(m.used).toBeLessThan(2048);
    expect(m.fits).toBe(true);
    expect(m.label).toBe(`${m.used.toLocaleString('en')} / 2,048 tokens`);
  });

  it('warns when the conversation alone leaves no room, documents or not', () => {
    const long = [msg('user', 'q'), msg('assistant', 'y'.repeat(9_000))];
    const withDoc = measure(input({ docs: [doc(45_000)], messages: long, draft: 'And then?' }))!;
    expect(withDoc.fits).toBe(false);
    expect(withDoc.documents?.isPartial).toBe(true);
    const without = measure(input({ messages: long, draft: 'And then?' }))!;
    expect(without.fits).toBe(false);
    expect(without.documents).toBeUndefined();
  });

  it('shows nothing for a short chat without documents, and offers the trained window when larger', () => {
    expect(measure(input({ draft: 'hi' }))).toBeNull();
    const m = measure(input({ messages: [msg('assistant', 'y'.repeat(9_000))], trained: 32_768 }))!;
    expect(m.raiseTo).toBeGreaterThan(2048);
    expect(m.raiseTo).toBeLessThanOrEqual(32_768);
  });
});

describe('conversationText', () => {
  it('puts each message under who said it, with the system prompt first, and skips failed answers', () => {
    const text = conversationText({
      systemPrompt: 'Be brief.',
      messages: [
        msg('user', 'What is a river?', { imageIds: ['i1'] }),
        msg('assistant', '', { status: 'error' }),
        msg('assistant', 'Water that flows.'),
      ],
    });
    expect(text).toBe(
      '## System prompt\n\nBe brief.\n\n## User\n\nWhat is a river?\n\n[1 image(s)]\n\n## Assistant\n\nWater that flows.',
    );
  });

  it('is cut between messages before inside one', () => {
    const sentence = 'The harvest came late that year. ';
    const messages = Array.from({ length: 6 }, (_, i) =>
      msg(i % 2 ? 'assistant' : 'user', sentence.repeat(20).trim()),
    );
    const chunks = chunkText(conversationText({ systemPrompt: '', messages }), 400);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.text).toMatch(/^## (User|Assistant)\n/);
  });
});
