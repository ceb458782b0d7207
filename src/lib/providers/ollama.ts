// Ollama's native API (/api/*): NDJSON streams, durations in nanoseconds.
import { toOllamaKeepAlive } from '../keepAlive';
import { isAborted, ProviderError } from './errors';
import { Transport, type RequestSpec } from './http';
import { compact, isObject, num, obj, str, strings, type JsonObject } from './json';
import { dedupeModels, eachLimit, inferCapabilities, stripDataUrl } from './models';
import { ChunkBatch } from './chunkBatch';
import { eachLine } from './lines';
import { ndjsonObject, parseNdjson } from './ndjson';
import type { PageInfo } from './page';
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
} from './types';

/** Parallel `/api/show` calls while filling a model list: enough to be quick, few enough to be polite. */
const SHOW_CONCURRENCY = 4;

export function toOllamaMessage(m: ChatMessage): JsonObject {
  // Earlier `thinking` is not sent back: the model's template drops it and it only costs tokens.
  const message: JsonObject = { role: m.role, content: m.content };
  if (m.images?.length) message.images = m.images.map((i) => stripDataUrl(i.base64));
  return message;
}

/**
 * The /api/chat body. A keep_alive Ollama would refuse with 400 ("-1" as a string) is converted
 * (to the number -1); one that cannot be converted ("1d") throws a 'config' error before anything
 * is sent.
 */
export function ollamaChatBody(req: ChatRequest, stream: boolean): JsonObject {
  const body: JsonObject = { model: req.model, messages: req.messages.map(toOllamaMessage), stream };
  const options = compact({ ...req.options });
  if (Object.keys(options).length > 0) body.options = options;
  if (req.think !== undefined) body.think = req.think;
  if (req.format !== undefined) body.format = req.format;
  const keepAlive = toOllamaKeepAlive(req.keepAlive);
  if (!keepAlive.ok) {
    throw new ProviderError('config', { setting: 'keep_alive', settingValue: String(req.keepAlive) });
  }
  if (keepAlive.value !== undefined) body.keep_alive = keepAlive.value;
  return body;
}

export function ollamaStats(line: JsonObject): ChatStats {
  return compact({
    evalCount: num(line.eval_count),
    promptEvalCount: num(line.prompt_eval_count),
    evalDurationNs: num(line.eval_duration),
    promptEvalDurationNs: num(line.prompt_eval_duration),
    loadDurationNs: num(line.load_duration),
    totalDurationNs: num(line.total_duration),
    doneReason: str(line.done_reason),
  });
}

/** The text pieces of one chat object, thinking first (it comes first in the answer). */
function textChunks(line: JsonObject): ChatChunk[] {
  const message = obj(line.message);
  const chunks: ChatChunk[] = [];
  const thinking = str(message.thinking);
  const content = str(message.content);
  if (thinking) chunks.push({ type: 'thinking', text: thinking });
  if (content) chunks.push({ type: 'content', text: content });
  return chunks;
}

/**
 * A streamed chat body (its lines, a network read at a time) to chunks, the text of each read
 * joined (ChunkBatch). The stream must end with `done: true`, else the answer was cut off. A
 * malformed or `{"error"}` line fails only after the text of the lines before it was handed on.
 */
export async function* ollamaChatStream(
  batches: AsyncIterable<string[]>,
): AsyncGenerator<ChatChunk, void, undefined> {
  const batch = new ChunkBatch();
  for await (const lines of batches) {
    for (const line of lines) {
      let value: JsonObject | undefined;
      try {
        value = ndjsonObject(line);
      } catch (e) {
        yield* batch.take();
        throw e;
      }
      if (!value) continue;
      const message = obj(value.message);
      batch.text('thinking', str(message.thinking));
      batch.text('content', str(message.content));
      if (value.done === true) {
        yield* batch.take();
        yield { type: 'done', stats: ollamaStats(value) };
        return;
      }
    }
    yield* batch.take();
  }
  throw new ProviderError('bad-response', { isTruncated: true });
}

function toSummary(m: JsonObject): ModelSummary | null {
  const name = str(m.name) ?? str(m.model);
  if (!name) return null;
  const details = obj(m.details);
  return compact({
    name,
    size: num(m.size),
    family: str(details.family),
    parameterSize: str(details.parameter_size),
    quantization: str(details.quantization_level),
    modifiedAt: str(m.modified_at),
    capabilities: strings(m.capabilities),
  });
}

/** Modelfile parameters come as `key value` lines; `stop` may repeat, so repeats are kept, one a line. */
export function parseParameters(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const params: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(\S+)\s+(.*?)\s*$/.exec(line);
    const key = match?.[1];
    const value = match?.[2];
    if (key === undefined || value === undefined) continue;
    params[key] = key in params ? `${params[key]}\n${value}` : value;
  }
  return params;
}

export function toDetails(model: string, body: JsonObject): ModelDetails {
  const details = obj(body.details);
  const info = obj(body.model_info);
  const arch = str(info['general.architecture']);
  const summary: ModelSummary = compact({
    name: model,
    family: str(details.family),
    parameterSize: str(details.parameter_size),
    quantization: str(details.quantization_level),
    modifiedAt: str(body.modified_at),
  });
  return compact({
    ...summary,
    // Servers before capabilities existed: guess from the name and family.
    capabilities: strings(body.capabilities) ?? inferCapabilities(summary),
    contextLength: arch ? num(info[`${arch}.context_length`]) : undefined,
    parameters: parseParameters(str(body.parameters)),
    system: str(body.system) || undefined,
  });
}

function toLoaded(m: JsonObject): LoadedModel | null {
  const name = str(m.name) ?? str(m.model);
  if (!name) return null;
  return compact({
    name,
    size: num(m.size) ?? 0,
    sizeVram: num(m.size_vram) ?? 0,
    contextLength: num(m.context_length),
    expiresAt: str(m.expires_at),
  });
}

function toProgress(o: JsonObject): PullProgress {
  return compact({
    status: str(o.status) ?? '',
    digest: str(o.digest),
    total: num(o.total),
    completed: num(o.completed),
  });
}

export class OllamaProvider implements Provider {
  readonly kind = 'ollama';
  readonly canManageModels = true;
  readonly unsupportedOptions: ReadonlySet<OptionName> = new Set();
  readonly #http: Transport;

  constructor(conn: Connection, page?: () => PageInfo) {
    this.#http = new Transport(conn, { probePath: '/api/version', page });
  }

  async version(signal?: AbortSignal): Promise<string> {
    const version = str(obj(await this.#http.json({ path: '/api/version', signal })).version);
    if (version === undefined) throw this.#http.error('bad-response');
    return version;
  }

  async listModels(signal?: AbortSignal): Promise<ModelSummary[]> {
    const models = dedupeModels(await this.#list('/api/tags', signal, toSummary));
    // Older servers list no capabilities: ask /api/show, and let one model's failure cost only its details.
    await eachLimit(
      models.filter((m) => !m.capabilities),
      SHOW_CONCURRENCY,
      async (m) => {
        try {
          const details = await this.modelDetails(m.name, signal);
          m.capabilities = details.capabilities;
          if (details.contextLength !== undefined) m.contextLength = details.contextLength;
        } catch (e) {
          if (isAborted(e)) throw e;
        }
      },
    );
    return models;
  }

  async modelDetails(model: string, signal?: AbortSignal): Promise<ModelDetails> {
    const body = await this.#http.json({ path: '/api/show', body: { model }, signal, model });
    if (!isObject(body)) throw this.#http.error('bad-response', { model });
    return toDetails(model, body);
  }

  loadedModels(signal?: AbortSignal): Promise<LoadedModel[]> {
    return this.#list('/api/ps', signal, toLoaded);
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const stream = req.stream ?? true;
    const spec: RequestSpec = {
      path: '/api/chat',
      body: this.#chatBody(req, stream),
      signal: req.signal,
      waitsForModel: true,
      waitsForWholeAnswer: !stream,
      model: req.model,
    };
    if (stream) {
      yield* this.#http.stream(spec, ollamaChatStream);
      return;
    }
    const body = obj(await this.#http.json(spec));
    yield* textChunks(body);
    yield { type: 'done', stats: ollamaStats(body) };
  }

  /** The body, or the config error told with this server's context. */
  #chatBody(req: ChatRequest, stream: boolean): JsonObject {
    try {
      return ollamaChatBody(req, stream);
    } catch (e) {
      if (e instanceof ProviderError) throw e.withContext({ serverKind: 'ollama', model: req.model });
      throw e;
    }
  }

  async *pull(model: string, signal?: AbortSignal): AsyncGenerator<PullProgress, void, undefined> {
    const spec: RequestSpec = {
      path: '/api/pull',
      body: { model, stream: true },
      signal,
      waitsForModel: true,
      model,
    };
    yield* this.#http.stream(spec, async function* (batches) {
      for await (const o of parseNdjson(eachLine(batches))) yield toProgress(o);
    });
  }

  async deleteModel(model: string, signal?: AbortSignal): Promise<void> {
    await this.#http.json({ method: 'DELETE', path: '/api/delete', body: { model }, signal, model });
  }

  async #list<T>(
    path: string,
    signal: AbortSignal | undefined,
    map: (o: JsonObject) => T | null,
  ): Promise<T[]> {
    const models = obj(await this.#http.json({ path, signal })).models;
    if (models === null) return [];
    if (!Array.isArray(models)) throw this.#http.error('bad-response');
    return models.filter(isObject).flatMap((m) => map(m) ?? []);
  }
}
