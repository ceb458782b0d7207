// Choosing the parts of a document that answer a question: by embedding similarity when the server
// has an embedding model, else by keywords (BM25 over the chunks). Both are linear in the text.

/** Cosine similarity; vectors from one model have one length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Indexes of `vectors` from the most to the least similar to `query`. */
export function rankByVector(query: ArrayLike<number>, vectors: readonly ArrayLike<number>[]): number[] {
  const scores = vectors.map((v) => cosine(query, v));
  return scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

// Common words that say nothing about which part of a text is meant (English and French).
const STOP = new Set(
  (
    'a an and are as at be but by do does for from has have how i in is it its of on or that the this to ' +
    'was were what when where which who why will with you your about into than then there these those ' +
    'le la les un une des du de et est en que qui quoi dans pour par sur au aux ce cette ces il elle ' +
    'ils elles on ne pas plus ou où comment quel quelle quels quelles sont été être'
  ).split(' '),
);

/** Lower-cased words of two or more letters or digits, stop words left out. */
export function keywords(text: string): string[] {
  const out: string[] = [];
  for (const w of text
    .toLowerCase()
    .normalize('NFKC')
    .matchAll(/[\p{L}\p{N}]{2,}/gu)) {
    if (!STOP.has(w[0])) out.push(w[0]);
  }
  return out;
}

/**
 * Indexes of `texts` ranked by BM25 against the question's keywords (ties keep document order).
 * Chunks sharing no keyword with the question come last.
 */
export function rankByKeywords(question: string, texts: readonly string[]): number[] {
  const terms = [...new Set(keywords(question))];
  const k1 = 1.2;
  const b = 0.75;
  const docs = texts.map((t) => {
    const tf = new Map<string, number>();
    const words = keywords(t);
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { tf, length: words.length };
  });
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length) || 1;
  const idf = new Map(
    terms.map((t) => {
      const n = docs.filter((d) => d.tf.has(t)).length;
      return [t, Math.log(1 + (docs.length - n + 0.5) / (n + 0.5))];
    }),
  );
  const scores = docs.map((d) =>
    terms.reduce((s, t) => {
      const f = d.tf.get(t) ?? 0;
      if (!f) return s;
      return s + (idf.get(t)! * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avg));
    }, 0),
  );
  return scores.map((_, i) => i).sort((x, y) => scores[y]! - scores[x]! || x - y);
}
