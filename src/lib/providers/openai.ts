// OpenAI-compatible servers (/v1/*): Ollama's /v1, llama.cpp, vLLM, LM Studio. SSE streams.
import { ProviderError } from './errors';
import { Transport, type RequestSpec } from './http';
import { compact, isObject, num, obj, str, type JsonObject } from './json';
import { inferCapabilities } from './models';
import type { PageInfo } from './page';
import { parseSseJson, type SseMessage } from './sse';
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

/** Ollama options with no counterpart in the OpenAI chat API. */
const UNSUPPORTED: readonly OptionName[] = ['top_k', 'min_p', 'repeat_penalty', 'num_ctx', 'keep_alive'];

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
 * SSE events to chunks. The stream ends at `[DONE]`; without it, a `finish_reason` still shows the
 * answer was complete, and without either it was cut off.
 */
export async function* openAiChatChunks(
  messages: AsyncIterable<SseMessage>,
): AsyncGenerator<ChatChunk, void, undefined> {
  let stats: ChatStats = {};
  let sawDone = false;
  for await (const message of messages) {
    if (message.type === 'done') {
      sawDone = true;
      break;
    }
    const choice = firstChoice(message.value);
    const delta = obj(choice.delta);
    const thinking = reasoningOf(delta);
    const content = str(delta.content);
    if (thinking) yield { type: 'thinking', text: thinking };
    if (content) yield { type: 'content', text: content };
    const finish = str(choice.finish_reason);
    stats = { ...stats, ...openAiStats(message.value), ...(finish && { doneReason: finish }) };
  }
  if (!sawDone && stats.doneReason === undefined)
    throw new ProviderError('bad-response', { isTruncated: true });
  yield { type: 'done', stats };
}

function toSummary(m: JsonObject): ModelSummary | null {
  const name = str(m.id);
  if (!name) return null;
  const created = num(m.created);
  return compact({ name, modifiedAt: created ? new Date(created * 1000).toISOString() : undefined });
}

export class OpenAiProvider implements Provider {
  readonly kind = 'openai';
  readonly canManageModels = false;
  readonly unsupportedOptions: ReadonlySet<OptionName> = new Set(UNSUPPORTED);
  readonly #http: Transport;

  constructor(conn: Connection, page?: () => PageInfo) {
    this.#http = new Transport(conn, { probePath: '/v1/models', page });
  }

  /** These APIs have no version endpoint: the model list is the health check, and the version is "". */
  async version(signal?: AbortSignal): Promise<string> {
    await this.listModels(signal);
    return '';
  }

  async listModels(signal?: AbortSignal): Promise<ModelSummary[]> {
    const data = obj(await this.#http.json({ path: '/v1/models', signal })).data;
    // Ollama answers `data: null` when no model is installed.
    if (data === null) return [];
    if (!Array.isArray(data)) throw this.#http.error('bad-response');
    return data.filter(isObject).flatMap((m) => toSummary(m) ?? []);
  }

  /** The API says nothing beyond the id: capabilities are a guess (chat, unless named like an embedding model). */
  async modelDetails(model: string, signal?: AbortSignal): Promise<ModelDetails> {
    const found = (await this.listModels(signal)).find((m) => m.name === model);
    if (!found) throw this.#http.error('model-not-found', { model });
    return { ...found, capabilities: inferCapabilities(found) };
  }

  loadedModels(): Promise<LoadedModel[]> {
    return Promise.resolve([]);
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const stream = req.stream ?? true;
    const spec: RequestSpec = {
      path: '/v1/chat/completions',
      body: openAiChatBody(req, stream),
      signal: req.signal,
      waitsForModel: true,
      model: req.model,
    };
    if (stream) {
      yield* this.#http.stream(spec, (lines) => openAiChatChunks(parseSseJson(lines)));
      return;
    }
    const body = obj(await this.#http.json(spec));
    const choice = firstChoice(body);
    const message = obj(choice.message);
    const thinking = reasoningOf(message);
    const content = str(message.content);
    if (thinking) yield { type: 'thinking', text: thinking };
    if (content) yield { type: 'content', text: content };
    yield { type: 'done', stats: compact({ ...openAiStats(body), doneReason: str(choice.finish_reason) }) };
  }

  // eslint-disable-next-line require-yield -- the generator only exists to fail like the interface says
  async *pull(model: string): AsyncGenerator<PullProgress, void, undefined> {
    throw this.#http.error('unsupported', { operation: 'pull', model });
  }

  deleteModel(model: string): Promise<void> {
    return Promise.reject(this.#http.error('unsupported', { operation: 'delete', model }));
  }
}
