// What a question about documents sends: the documents whole when they fit the window beside the
// conversation, else the best parts for this question, as many as fit, in reading order.
import type { Citation, DocumentRecord, MessageRecord } from '../storage/types';
import { chunkText, pageAt, type Chunk } from './chunk';

export { answerRoom, documentBudget, wholeTokens } from './meter';

/** Retrieval parts: small enough for all-minilm's 512-token window and for several to fit. */
export const PART_TOKENS = 300;

/** Attribute values: the name is the user's file name, quotes and angle brackets would break the tag. */
const attr = (s: string) => s.replace(/["<>\n]/g, ' ');

export function wholeBlock(docs: readonly DocumentRecord[], intro: string): string {
  return [intro, ...docs.map((d) => `<document name="${attr(d.name)}">\n${d.text.trim()}\n</document>`)].join(
    '\n\n',
  );
}

export function partsBlock(parts: readonly Citation[], intro: string): string {
  return [
    intro,
    ...parts.map(
      (p) =>
        `<excerpt document="${attr(p.name)}"${p.page ? ` page="${p.page}"` : ''}>\n${p.text}\n</excerpt>`,
    ),
  ].join('\n\n');
}

/** The history with the documents put before the last question (a copy: nothing stored changes). */
export function withDocuments(history: readonly MessageRecord[], block: string): MessageRecord[] {
  const out = history.map((r) => ({ ...r }));
  const last = out.findLastIndex((r) => r.role === 'user');
  if (last >= 0) out[last]!.content = `${block}\n\n${out[last]!.content}`;
  return out;
}

export interface Part extends Chunk {
  doc: DocumentRecord;
}

/** Every document cut into retrieval parts, in reading order. */
export function partsOf(docs: readonly DocumentRecord[], tokens = PART_TOKENS): Part[] {
  return docs.flatMap((doc) => chunkText(doc.text, tokens).map((c) => ({ ...c, doc })));
}

/**
 * The best-ranked parts that fit `budget` tokens, returned in reading order (documents in the order
 * given, parts by position) so the model reads them as the document has them.
 */
export function pickParts(parts: readonly Part[], ranking: readonly number[], budget: number): Citation[] {
  const chosen: Part[] = [];
  let used = 0;
  for (const i of ranking) {
    const p = parts[i];
    if (!p) continue;
    const cost = p.tokens + 16;
    if (used + cost > budget) continue;
    chosen.push(p);
    used += cost;
  }
  const order = new Map(parts.map((p, i) => [p, i]));
  chosen.sort((a, b) => order.get(a)! - order.get(b)!);
  return chosen.map((p) => ({
    documentId: p.doc.id,
    name: p.doc.name,
    text: p.text,
    ...(pageAt(p.doc.pageStarts, p.start) ? { page: pageAt(p.doc.pageStarts, p.start) } : {}),
  }));
}
