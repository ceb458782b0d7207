// A question about a chat's documents: the documents whole when they fit the window beside the
// conversation, else the parts that best match the question (by embedding, or by keywords when the
// server has no embedding model or it fails), with the citations shown under the answer.
import { estimatePromptTokens } from '../contextBudget';
import { buildChatMessages } from '../chat/turn';
import { dm } from '../i18n/documents';
import type { Connection, ModelSummary } from '../providers/types';
import type { Citation, DocumentRecord, MessageRecord, SessionRecord } from '../storage/types';
import { Embedder, pickEmbeddingModel } from './embed';
import {
  documentBudget,
  partsBlock,
  partsOf,
  pickParts,
  PART_TOKENS,
  wholeBlock,
  wholeTokens,
  withDocuments,
  type Part,
} from './prompt';
import { rankByKeywords, rankByVector } from './rank';

export interface AskInput {
  session: SessionRecord;
  /** The path up to and with the question, as stored. */
  history: MessageRecord[];
  docs: DocumentRecord[];
  window: number;
  /** The server's models (for its embedding model) and how to reach it. */
  models: readonly ModelSummary[];
  connection: Connection | null;
  signal: AbortSignal;
  /** Stored vectors, keyed by document, model and part count. */
  vectors: {
    get(key: string): Promise<Float32Array[] | undefined>;
    put(key: string, v: Float32Array[]): Promise<void>;
  };
  isAbort(e: unknown): boolean;
}

export interface Prepared {
  history: MessageRecord[];
  citations?: Citation[];
  retrieval?: 'embedding' | 'keyword';
}

export async function prepareQuestion(x: AskInput): Promise<Prepared> {
  const base = estimatePromptTokens(buildChatMessages(x.session.systemPrompt, x.history));
  const budget = documentBudget(x.window, base);
  if (wholeTokens(x.docs) <= budget) {
    return { history: withDocuments(x.history, wholeBlock(x.docs, dm.documentsWhole)) };
  }
  const question = x.history.findLast((r) => r.role === 'user')?.content ?? '';
  const size = budget < 2 * PART_TOKENS ? Math.max(32, Math.floor(budget / 2)) : PART_TOKENS;
  const parts = partsOf(x.docs, size);
  let ranking: number[] | null = null;
  const model = pickEmbeddingModel(x.models);
  if (model && x.connection) {
    try {
      ranking = await rankByEmbedding(new Embedder(x.connection, model), x, parts, question);
    } catch (e) {
      if (x.isAbort(e)) throw e;
      // The embedding model failed: keywords still find the parts, and the answer says so.
    }
  }
  const retrieval = ranking ? 'embedding' : 'keyword';
  ranking ??= rankByKeywords(
    question,
    parts.map((p) => p.text),
  );
  const citations = pickParts(parts, ranking, Math.max(0, budget));
  return {
    history: withDocuments(x.history, partsBlock(citations, dm.documentsPrompt)),
    citations,
    retrieval,
  };
}

async function rankByEmbedding(
  embedder: Embedder,
  x: AskInput,
  parts: Part[],
  question: string,
): Promise<number[]> {
  const vectors: Float32Array[] = [];
  for (const doc of x.docs) {
    const texts = parts.filter((p) => p.doc === doc).map((p) => p.text);
    const key = `${doc.id}\u0000${embedder.model}\u0000${texts.length}`;
    let stored = await x.vectors.get(key).catch(() => undefined);
    if (!stored || stored.length !== texts.length) {
      stored = await embedder.embed(texts, x.signal);
      await x.vectors.put(key, stored).catch(() => {});
    }
    vectors.push(...stored);
  }
  const [query] = await embedder.embed([question], x.signal);
  return rankByVector(query!, vectors);
}
