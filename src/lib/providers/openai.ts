// OpenAI-compatible servers (/v1/*): Ollama's /v1, llama.cpp, vLLM, LM Studio. SSE streams.
import { ProviderError } from './errors';
import { Transport, type RequestSpec } from './http';
import { compact, isObject, num, obj, str, type JsonObject } from './json';
import { dedupeModels, inferCapabilities } from './models';
import type { PageInfo } from './page';
import { ChunkBatch } from './chunkBatch';
import { SseEvents, sseMessage } from './sse';
import type {
  ChatChunk,
  ChatMessage,
  ChatRequest,
  ChatStats,
  Connection,
  LoadedModel,
  ModelDetails,
  ModelSummary,
  OptionName,
  Provider,
  PullProgress,
  ServerProps,
} from './types';

import { CONTEXT_FULL, OPENAI_IMAGE_TYPES, OPENAI_UNSUPPORTED as UNSUPPORTED } from './constants';

export function toOpenAiMessage(m: ChatMessage): JsonObject {
  if (!m.images?.length) return { role: m.role, content: m.content };
  const parts: JsonObject[] = [{ type: 'text', text: m.content }];
  for (const image of m.images) {
    parts.push({ type: 'image_url', image_url: { url: `data:${image.mime};base64,${image.base64}` } });
  }
  return { role: m.role, content: parts };
}

export function openAiChatBody(req: ChatRequest, stream: boolean): JsonObject {
  const o = req.options ?? {};
  const body: JsonObject = { model: req.model, messages: req.messages.map(toOpenAiMessage), stream };
  if (stream) body.stream_options = { include_usage: true };
  if (o.temperature !== undefined) body.temperature = o.temperature;
  if (o.top_p !== undefined) body.top_p = o.top_p;
  // Not in OpenAI's API, but llama-server (and LM Studio) read them; servers that don't ignore them.
  if (o.top_k !== undefined) body.top_k = o.top_k;
  if (o.min_p !== undefined) body.min_p = o.min_p;
  if (o.repeat_penalty !== undefined) body.repeat_penalty = o.repeat_penalty;
  // Ollama's -1 means "random"; OpenAI servers want no seed for that.
  if (o.seed !== undefined && o.seed >= 0) body.seed = o.seed;
  if (o.stop?.length) body.stop = o.stop;
  // num_predict -1 (unlimited) and -2 (fill the context) have no max_tokens equivalent.
  if (o.num_predict !== undefined && o.num_predict > 0) body.max_tokens = o.num_predict;
  if (req.format === 'json') body.response_format = { type: 'json_object' };
  else if (isObject(req.format)) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: req.format } };
  }
  if (typeof req.think === 'string') body.reasoning_effort = req.think;
  return body;
}

/** Token counts from `usage`; llama.cpp also sends `timings`, which give tokens per second. */
export function openAiStats(value: JsonObject): ChatStats {
  const usage = obj(value.usage);
  const timings = obj(value.timings);
  const ms = (v: unknown) => {
    const n = num(v);
    return n === undefined ? undefined : Math.round(n * 1e6);
  };
  return compact({
    evalCount: num(usage.completion_tokens),
    promptEvalCount: num(usage.prompt_tokens),
    evalDurationNs: ms(timings.predicted_ms),
    promptEvalDurationNs: ms(timings.prompt_ms),
  });
}

const firstChoice = (value: JsonObject): JsonObject =>
  obj(Array.isArray(value.choices) ? value.choices[0] : undefined);

/** Reasoning servers disagree on the field's name. */
function reasoningOf(message: JsonObject): string | undefined {
  return str(message.reasoning_content) ?? str(message.reasoning);
}

/**
 * A streamed chat body (its lines, a network read at a time) to chunks, the text of each read
 * joined (ChunkBatch). The stream ends at `[DONE]`; without it, a `finish_reason` still shows the
 * answer was complete, and without either it was cut off. A bad event fails only after the text
 * of the events before it was handed on.
 */
export async function* openAiChatStream(
  batches: AsyncIterable<string[]>,
): AsyncGenerator<ChatChunk, void, undefined> {
  const events = new SseEvents();
  const batch = new ChunkBatch();
  let stats: ChatStats = {};
  let isOllamaV1 = false;
  /** Takes one event; true at the end marker. */
  const take = (data: string | undefined): boolean => {
    if (data === undefined) return false;
    const message = sseMessage(data);
    if (message.type === 'done') return true;
    if (message.value.system_fingerprint === 'fp_ollama') isOllamaV1 = true;
    const choice = firstChoice(message.value);
    const delta = obj(choice.delta);
    batch.text('thinking', reasoningOf(delta));
    batch.text('content', str(delta.content));
    const finish = str(choice.finish_reason);
    stats = { ...stats, ...openAiStats(message.value), ...(finish && { doneReason: finish }) };
    return false;
  };
  let sawDone = false;
  try {
    read: for await (const lines of batches) {
      for (const line of lines) {
        if (take(events.push(line))) {
          sawDone = true;
          break read;
        }
      }
      yield* batch.take();
    }
    if (!sawDone) sawDone = take(events.end());
  } catch (e) {
    yield* batch.take();
    throw e;
  }
  yield* batch.take();
  // The body ended cleanly (a dropped connection fails the read instead) with no end marker:
  // Ollama's /v1 ends a stream this way when the model fails, having dropped the error.
  if (!sawDone && stats.doneReason === undefined)
    throw new ProviderError('bad-response', { isTruncated: true, isUnfinished: true, isOllamaV1 });
  yield { type: 'done', stats };
}

function toSummary(m: JsonObject): ModelSummary | null {
  const name = str(m.id);
  if (!name) return null;
  const created = num(m.created);
  // A list that types its models (Together AI: "chat", "embedding", "image", …) says which draw.
  if (str(m.type) === 'image') {
    return compact({
      name,
      modifiedAt: created ? new Date(created * 1000).toISOString() : undefined,
      capabilities: ['image'],
    });
  }
  // Otherwise the list names models and nothing more: what they can do is unknown, and nothing
  // may be refused or warned about on that guess.
  return compact({
    name,
    modifiedAt: created ? new Date(created * 1000).toISOString() : undefined,
    capabilitiesGuessed: true,
  });
}

/** The done reason for an answer the context window cut off: `context_full` (see MessageStats). */

function contextFull(stats: ChatStats, hasLimit: boolean): ChatStats {
  return stats.doneReason === 'length' && !hasLimit ? { ...stats, doneReason: CONTEXT_FULL } : stats;
}

/** Reads llama.cpp's /props; undefined when the body is not shaped like it. */
export function toServerProps(value: unknown): ServerProps | undefined {
  if (!isObject(value)) return undefined;
  const settings = obj(value.default_generation_settings);
  if (!isObject(value.default_generation_settings) && !isObject(value.modalities)) return undefined;
  // Newer builds nest the sampling settings in `params`; older ones put them at the top.
  const params = isObject(settings.params) ? settings.params : settings;
  const modalities = obj(value.modalities);
  const defaults = compact({
    temperature: num(params.temperature),
    top_p: num(params.top_p),
    top_k: num(params.top_k),
    min_p: num(params.min_p),
    repeat_penalty: num(params.repeat_penalty),
  });
  return compact({
    flavor: 'llama.cpp' as const,
    vision: typeof modalities.vision === 'boolean' ? modalities.vision : undefined,
    contextSize: num(settings.n_ctx),
    defaults,
    alias: str(value.model_alias),
    modelPath: str(value.model_path),
  });
}

/** Model-list requests under way, per server and login. */
const inFlightLists = new Map<string, Promise<ModelSummary[]>>();
/**
 * Lists read in the last moment, per server and login: the health check and the model list of one
 * start-up each read it, and one may start just after the other has finished.
 */
const recentLists = new Map<string, { at: number; list: ModelSummary[] }>();
const RECENT_MS = 2000;

/** Forgets the lists read a moment ago (tests: a new fake server). */
export function forgetRecentLists(): void {
  recentLists.clear();
}

/** Waits for a shared promise, but lets this caller stop waiting when its own signal aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new ProviderError('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ProviderError('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export class OpenAiProvider implements Provider {
  readonly kind = 'openai';
  readonly canManageModels = false;
  readonly unsupportedOptions: ReadonlySet<OptionName> = new Set(UNSUPPORTED);
  readonly #http: Transport;

  readonly #listKey: string;

  constructor(conn: Connection, page?: () => PageInfo) {
    this.#http = new Transport(conn, { probePath: '/v1/models', page });
    // In memory only; the secrets are part of the key so two logins never share an answer.
    this.#listKey = JSON.stringify([this.#http.root, conn.auth]);
  }

  /** These APIs have no version endpoint: the model list is the health check, and the version is "". */
  async version(signal?: AbortSignal): Promise<string> {
    await this.listModels(signal);
    return '';
  }

  async listModels(signal?: AbortSignal): Promise<ModelSummary[]> {
    // The health check, the model list and each model's details all read this one list; callers
    // that ask at the same time, or within RECENT_MS of its answer, share one request.
    const key = this.#listKey;
    const recent = recentLists.get(key);
    if (recent && Date.now() - recent.at < RECENT_MS) return recent.list.map((m) => ({ ...m }));
    let pending = inFlightLists.get(key);
    if (!pending) {
      pending = this.#fetchList()
        .then((list) => {
          recentLists.set(key, { at: Date.now(), list });
          return list;
        })
        .finally(() => inFlightLists.delete(key));
      inFlightLists.set(key, pending);
    }
    return (await abortable(pending, signal)).map((m) => ({ ...m }));
  }

  async #fetchList(): Promise<ModelSummary[]> {
    let body: unknown;
    try {
      body = await this.#http.json({ path: '/v1/models' });
    } catch (e) {
      // Older Foundry Local builds have no /v1/models: they list their models at /openai/models.
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
      const names = await this.#http.json({ path: '/openai/models' }).catch(() => undefined);
      if (!Array.isArray(names)) throw e;
      const models = names.flatMap((n) => (typeof n === 'string' && n ? [n] : []));
      return dedupeModels(models.map((name) => ({ name, capabilitiesGuessed: true })));
    }
    const data = obj(body).data;
    // Ollama answers `data: null` when no model is installed.
    if (data === null) return [];
    if (!Array.isArray(data)) throw this.#http.error('bad-response');
    return dedupeModels(data.filter(isObject).flatMap((m) => toSummary(m) ?? []));
  }

  /**
   * The API says nothing beyond the id: capabilities are a guess (chat, unless named like an
   * embedding model), except on llama-server, whose `/props` says whether it can see images.
   */
  async modelDetails(model: string, signal?: AbortSignal): Promise<ModelDetails> {
    const [list, props] = await Promise.all([this.listModels(signal), this.serverProps(signal)]);
    const found = list.find((m) => m.name === model);
    if (!found) throw this.#http.error('model-not-found', { model });
    const capabilities = inferCapabilities(found);
    if (props?.vision === undefined) return { ...found, capabilities, capabilitiesGuessed: true };
    return {
      ...found,
      capabilities: props.vision ? [...capabilities, 'vision'] : capabilities,
      ...(props.contextSize !== undefined && { contextLength: props.contextSize }),
    };
  }

  /** llama-server's `/props`; any failure (404 on other servers, CORS, a bad body) means "unknown". */
  async serverProps(signal?: AbortSignal): Promise<ServerProps | undefined> {
    try {
      return toServerProps(await this.#http.json({ path: '/props', signal }));
    } catch (e) {
      if (e instanceof ProviderError && e.kind === 'aborted') throw e;
      return undefined;
    }
  }

  loadedModels(): Promise<LoadedModel[]> {
    return Promise.resolve([]);
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const stream = req.stream ?? true;
    // Only PNG and JPEG are read by every such server: other pictures go re-encoded (the stored
    // ones stay as they are).
    const hasOthers = req.messages.some((m) => m.images?.some((i) => !OPENAI_IMAGE_TYPES.includes(i.mime)));
    const messages = hasOthers
      ? await (await import('./imagePng')).withReadableImages(req.messages)
      : req.messages;
    const body = openAiChatBody({ ...req, messages }, stream);
    const spec: RequestSpec = {
      path: '/v1/chat/completions',
      body,
      signal: req.signal,
      waitsForModel: true,
      waitsForWholeAnswer: !stream,
      model: req.model,
    };
    // "length" with no max_tokens set means the context window filled up, not a token limit.
    const hasLimit = body.max_tokens !== undefined;
    if (stream) {
      for await (const chunk of this.#http.stream(spec, openAiChatStream)) {
        yield chunk.type === 'done' ? { ...chunk, stats: contextFull(chunk.stats, hasLimit) } : chunk;
      }
      return;
    }
    const answer = obj(await this.#http.json(spec));
    const choice = firstChoice(answer);
    const message = obj(choice.message);
    const thinking = reasoningOf(message);
    const content = str(message.content);
    if (thinking) yield { type: 'thinking', text: thinking };
    if (content) yield { type: 'content', text: content };
    const stats = compact({ ...openAiStats(answer), doneReason: str(choice.finish_reason) });
    yield { type: 'done', stats: contextFull(stats, hasLimit) };
  }

  // eslint-disable-next-line require-yield -- the generator only exists to fail like the interface says
  async *pull(model: string): AsyncGenerator<PullProgress, void, undefined> {
    throw this.#http.error('unsupported', { operation: 'pull', model });
  }

  deleteModel(model: string): Promise<void> {
    return Promise.reject(this.#http.error('unsupported', { operation: 'delete', model }));
  }
}
