// Embedding texts with a model on the chat's own server: Ollama's `/api/embed`, or `/v1/embeddings`
// on OpenAI-compatible servers. Requests go through the one Transport (auth, time-outs, errors).
import { Transport } from '../providers/http';
import { loadErrorTexts } from '../providers/errorTexts';
import { isObject } from '../providers/json';
import type { Connection, ModelSummary } from '../providers/types';

/** Texts per request: big enough to be quick, small enough not to time out on a CPU server. */
const BATCH = 32;

/** The embedding model to use on a server: the ones the course servers carry first. */
export function pickEmbeddingModel(models: readonly ModelSummary[]): string | undefined {
  const embedders = models.filter((m) => m.capabilities?.includes('embedding'));
  const preferred = ['nomic-embed-text', 'all-minilm', 'mxbai-embed-large', 'bge-m3'];
  for (const name of preferred) {
    const hit = embedders.find((m) => m.name === name || m.name.startsWith(`${name}:`));
    if (hit) return hit.name;
  }
  return embedders[0]?.name;
}

function vectorOf(v: unknown): Float32Array | null {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return null;
  return Float32Array.from(v as number[]);
}

export class Embedder {
  readonly #http: Transport;
  readonly #kind: Connection['kind'];

  constructor(
    conn: Connection,
    readonly model: string,
  ) {
    this.#kind = conn.kind;
    this.#http = new Transport(conn, { probePath: conn.kind === 'ollama' ? '/api/version' : '/v1/models' });
    // Its requests do not go through a provider (words.ts): their failures' words come now.
    void loadErrorTexts();
  }

  /** One vector per text, in order. */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      out.push(...(await this.#batch(texts.slice(i, i + BATCH), signal)));
    }
    return out;
  }

  async #batch(input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const isOllama = this.#kind === 'ollama';
    const body = await this.#http.json({
      path: isOllama ? '/api/embed' : '/v1/embeddings',
      body: { model: this.model, input },
      signal,
      model: this.model,
    });
    const raw = isObject(body)
      ? isOllama
        ? body.embeddings
        : Array.isArray(body.data)
          ? body.data.map((d: unknown) => (isObject(d) ? d.embedding : null))
          : null
      : null;
    const vectors = Array.isArray(raw) ? raw.map(vectorOf) : [];
    if (vectors.length !== input.length || vectors.some((v) => v === null))
      throw this.#http.error('bad-response', { model: this.model });
    return vectors as Float32Array[];
  }
}
