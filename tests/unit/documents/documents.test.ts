// Chunking, ranking and the sequential summariser (issue 14), without a DOM or a server.
import { describe, expect, it } from 'vitest';
import { estimatePromptTokens, estimateTokens } from '../../../src/lib/contextBudget';
import { chunkText, pageAt } from '../../../src/lib/documents/chunk';
import { rankByKeywords, rankByVector } from '../../../src/lib/documents/rank';
import { capSummary, Summarizer, summaryChunks, summarySizes } from '../../../src/lib/documents/summarizer';
import { decodeText, DocumentError } from '../../../src/lib/documents/extract';
import type { ChatChunk, ChatRequest, Provider } from '../../../src/lib/providers/types';
import type { SummaryJobRecord } from '../../../src/lib/storage/types';

const para = (i: number, words = 80) =>
  Array.from({ length: words }, (_, j) => `word${(i * 31 + j) % 97}`).join(' ') + '.';

describe('chunkText', () => {
  it('keeps every chunk within the budget and loses no paragraph', () => {
    const text = Array.from({ length: 60 }, (_, i) => para(i)).join('\n\n');
    const chunks = chunkText(text, 300);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(estimateTokens(c.text)).toBeLessThanOrEqual(300);
    expect(chunks.map((c) => c.text).join('\n\n')).toBe(text);
    for (const c of chunks) expect(text.slice(c.start, c.start + 20)).toBe(c.text.slice(0, 20));
  });

  it('cuts a paragraph too long on its own at sentence ends, and a huge word blindly', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence ${i} says something here.`).join(' ');
    const chunks = chunkText(sentences, 40);
    for (const c of chunks) {
      expect(estimateTokens(c.text)).toBeLessThanOrEqual(40);
      expect(c.text.endsWith('.')).toBe(true);
    }
    const blob = 'x'.repeat(10_000);
    for (const c of chunkText(blob, 50)) expect(estimateTokens(c.text)).toBeLessThanOrEqual(50);
  });

  it('opens a new chunk at a heading when the current one is half full', () => {
    const text = `${para(1, 60)}\n\n# Part two\n\n${para(2, 20)}`;
    const chunks = chunkText(text, 120);
    expect(chunks[1]?.text.startsWith('# Part two')).toBe(true);
  });

  it('gives nothing for blank text, and pages for offsets', () => {
    expect(chunkText(' \n\n \n', 100)).toEqual([]);
    expect(pageAt([0, 100, 250], 0)).toBe(1);
    expect(pageAt([0, 100, 250], 120)).toBe(2);
    expect(pageAt([0, 100, 250], 9999)).toBe(3);
    expect(pageAt(undefined, 5)).toBeUndefined();
  });
});

describe('ranking', () => {
  const texts = [
    'The garden has roses and tulips in spring.',
    'The keeper painted the lighthouse vermilion.',
    'Taxes were raised after the war.',
  ];
  it('finds the chunk that shares the question’s rare words', () => {
    expect(rankByKeywords('What colour did the keeper paint the lighthouse?', texts)[0]).toBe(1);
    expect(rankByKeywords('Quand les impôts ont-ils augmenté ? taxes', texts)[0]).toBe(2);
  });
  it('orders by cosine similarity', () => {
    expect(
      rankByVector(
        [1, 0],
        [
          [0, 1],
          [1, 0.1],
          [-1, 0],
        ],
      ),
    ).toEqual([1, 0, 2]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 and Windows-1252 text, and refuses binary data', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFFcafé'), 'a.txt')).toBe('café');
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'b.txt')).toBe('café');
    const binary = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]);
    expect(() => decodeText(binary, 'c.bin')).toThrow(DocumentError);
  });
});

const INSTRUCTIONS = { chunk: 'Summarise the next part.', final: 'Format the summary.' };

function fakeProvider(reply: (req: ChatRequest) => string, seen: ChatRequest[]): Provider {
  return {
    async *chat(req: ChatRequest): AsyncGenerator<ChatChunk> {
      seen.push(req);
      const text = reply(req);
      // Stop closes the request before its answer arrives, as the real transport does.
      if (req.signal?.aborted) throw new DOMException('stopped', 'AbortError');
      yield { type: 'content', text };
      yield { type: 'done', stats: {} };
    },
  } as unknown as Provider;
}

function job(sizes: ReturnType<typeof summarySizes>): SummaryJobRecord {
  return {
    id: 'j',
    sessionId: 's',
    answerId: 'a',
    documentIds: ['d'],
    serverId: 'srv',
    model: 'tiny',
    ...sizes!,
    done: 0,
    total: 0,
    summary: '',
    status: 'running',
    elapsedMs: 0,
    instructions: INSTRUCTIONS,
    updatedAt: 0,
  };
}

describe('Summarizer', () => {
  const text = Array.from({ length: 120 }, (_, i) => para(i)).join('\n\n');

  it('sends every chunk with the summary so far, each request within the window, then a final pass', async () => {
    const sizes = summarySizes(2048, INSTRUCTIONS)!;
    const chunks = summaryChunks(text, sizes.chunkTokens);
    const seen: ChatRequest[] = [];
    const saved: number[] = [];
    const s = new Summarizer(job(sizes), chunks, {
      provider: fakeProvider(
        (r) => (r.messages[0]!.content === INSTRUCTIONS.final ? 'FINAL' : `after ${seen.length}`),
        seen,
      ),
      save: async (j) => void saved.push(j.done),
      onProgress: () => {},
      now: () => 0,
    });
    expect(await s.run()).toEqual({ status: 'done' });
    expect(seen).toHaveLength(chunks.length + 1);
    for (const r of seen) {
      expect(estimatePromptTokens(r.messages) + r.options!.num_predict!).toBeLessThanOrEqual(2048);
      expect(r.options!.num_ctx).toBe(2048);
    }
    expect(seen[1]!.messages[1]!.content).toContain('after 1');
    expect(s.job.summary).toBe('FINAL');
    expect(saved).toEqual([...Array.from({ length: chunks.length }, (_, i) => i + 1), chunks.length]);
  });

  it('stops keeping the summary so far, and a new run resumes from the last finished chunk', async () => {
    const sizes = summarySizes(2048, INSTRUCTIONS)!;
    const chunks = summaryChunks(text, sizes.chunkTokens);
    const seen: ChatRequest[] = [];
    const s: Summarizer = new Summarizer(job(sizes), chunks, {
      provider: fakeProvider(() => {
        if (seen.length === 3) s.stop();
        return `summary ${seen.length}`;
      }, seen),
      save: async () => {},
      onProgress: () => {},
      now: () => 0,
    });
    expect(await s.run()).toEqual({ status: 'stopped' });
    expect(s.job).toMatchObject({ status: 'stopped', done: 2, summary: 'summary 2' });
    const resumed: ChatRequest[] = [];
    const again = new Summarizer({ ...s.job }, chunks, {
      provider: fakeProvider(() => 'more', resumed),
      save: async () => {},
      onProgress: () => {},
      now: () => 0,
    });
    expect(await again.run()).toEqual({ status: 'done' });
    expect(resumed).toHaveLength(chunks.length - 2 + 1);
    expect(resumed[0]!.messages[1]!.content).toContain('<summary_so_far>\nsummary 2');
    expect(resumed[0]!.messages[1]!.content).toContain(`<part number="3" of="${chunks.length}">`);
  });

  it('refuses a window too small to hold a chunk, and caps a summary that outgrew its budget', () => {
    expect(summarySizes(256, INSTRUCTIONS)).toBeNull();
    const long = 'One fact. '.repeat(500);
    const capped = capSummary(long, 100);
    expect(estimateTokens(capped)).toBeLessThanOrEqual(100);
    expect(capped.endsWith('.')).toBe(true);
  });
});
