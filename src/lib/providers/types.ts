// The wire contract every server kind implements. Components and stores only ever see these types.
import type { ImageErrorCause } from './imageErrors';

/** `browser`: "This browser", a GGUF file run in the page (src/lib/providers/browser.ts). */
export type ServerKind = 'ollama' | 'openai' | 'browser';

export type Auth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; apiKey: string }
  | { type: 'headers'; headers: Record<string, string> };

/** What a provider needs to reach one server. Secrets are already resolved (from memory or storage). */
export interface Connection {
  baseUrl: string;
  kind: ServerKind;
  auth: Auth;
  /** Milliseconds to wait for the response headers (connecting). */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for the first byte of a streamed body after the headers. */
  firstByteTimeoutMs?: number;
}

export type Capability = 'completion' | 'tools' | 'insert' | 'vision' | 'embedding' | 'thinking' | string;

export interface ModelSummary {
  name: string;
  /** Bytes on disk, when the server says. */
  size?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  modifiedAt?: string;
  /** Known when the server's list carried them, or after `modelDetails`. */
  capabilities?: Capability[];
  /** Trained context length, when `/api/show` was asked (Ollama fills it in `listModels`). */
  contextLength?: number;
  /**
   * The capabilities are a guess (an OpenAI-compatible server that says nothing about them): do
   * not warn "cannot see images" on a guess.
   */
  capabilitiesGuessed?: boolean;
}

/** What llama.cpp's `llama-server` says about itself at `/props` (other servers have no such page). */
export interface ServerProps {
  flavor: 'llama.cpp';
  /** `modalities.vision`: a projector (mmproj) is loaded. */
  vision?: boolean;
  /** Context per slot (`default_generation_settings.n_ctx`). */
  contextSize?: number;
  /** The server's own sampling defaults, to show as placeholders. */
  defaults: GenerationOptions;
  /** The `--alias`, when one was given. */
  alias?: string;
  modelPath?: string;
}

export interface ModelDetails extends ModelSummary {
  capabilities: Capability[];
  /** Trained context length, from `model_info["<arch>.context_length"]`. */
  contextLength?: number;
  /** Parameters set in the Modelfile, parsed from the `parameters` text. */
  parameters?: Record<string, string>;
  system?: string;
}

export interface LoadedModel {
  name: string;
  size: number;
  sizeVram: number;
  contextLength?: number;
  expiresAt?: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  thinking?: string;
  /** Raw base64 (no `data:` prefix) with its MIME type. */
  images?: { base64: string; mime: string }[];
}

/** Generation options in Ollama's names; each provider maps what its server honours. */
export interface GenerationOptions {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  min_p?: number;
  repeat_penalty?: number;
  num_ctx?: number;
  num_predict?: number;
  seed?: number;
  stop?: string[];
}

export type OptionName = keyof GenerationOptions | 'keep_alive';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  options?: GenerationOptions;
  stream?: boolean;
  /** Sent only when the model has the `thinking` capability (the caller decides). */
  think?: boolean | 'low' | 'medium' | 'high';
  format?: 'json' | Record<string, unknown>;
  keepAlive?: string | number;
  signal?: AbortSignal;
}

export interface ChatStats {
  /** Tokens generated. */
  evalCount?: number;
  /** Prompt tokens evaluated. */
  promptEvalCount?: number;
  /** Nanoseconds, as Ollama reports them. */
  evalDurationNs?: number;
  promptEvalDurationNs?: number;
  loadDurationNs?: number;
  totalDurationNs?: number;
  /** stop | length | load | unload | tool_calls | … */
  doneReason?: string;
}

/** One piece of a streamed answer. `done` arrives once, last, with the stats the server gave. */
/** Text of the answer or of its thinking; `count` is how many of the server's pieces it joins (1 if absent). */
export type ChatChunk =
  | { type: 'content'; text: string; count?: number }
  | { type: 'thinking'; text: string; count?: number }
  | { type: 'done'; stats: ChatStats };

export interface PullProgress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface Provider {
  readonly kind: ServerKind;
  /** Server version text; also the health check. */
  version(signal?: AbortSignal): Promise<string>;
  listModels(signal?: AbortSignal): Promise<ModelSummary[]>;
  modelDetails(model: string, signal?: AbortSignal): Promise<ModelDetails>;
  loadedModels(signal?: AbortSignal): Promise<LoadedModel[]>;
  /** Streams chunks; with `stream: false` yields the whole answer as one content chunk then done. */
  chat(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined>;
  pull(model: string, signal?: AbortSignal): AsyncGenerator<PullProgress, void, undefined>;
  deleteModel(model: string, signal?: AbortSignal): Promise<void>;
  /** False when `pull` and `deleteModel` only throw (OpenAI-compatible servers have no such API). */
  readonly canManageModels: boolean;
  /** Options this server kind ignores, so the UI can hide or flag them. */
  readonly unsupportedOptions: ReadonlySet<OptionName>;
  /** llama.cpp's `/props`, on OpenAI-compatible servers that have it; undefined elsewhere. */
  serverProps?(signal?: AbortSignal): Promise<ServerProps | undefined>;
}

// ---- Errors: what went wrong, and the words that help the user fix it ----

export type ErrorCause =
  | 'unreachable'
  | 'cors'
  | 'mixed-content'
  | 'auth'
  | 'model-not-found'
  | 'model-cannot-chat'
  | 'busy'
  | 'server'
  | 'proxy'
  | 'bad-response'
  | 'aborted'
  | 'timeout'
  | 'http'
  /** The server answered with a redirect, which Causerie does not follow (secrets would go along). */
  | 'redirect'
  /** The prompt does not fit the server's context (llama.cpp refuses it with 400). */
  | 'context-overflow'
  /** `pull`/`deleteModel` on a server kind without that API. */
  | 'unsupported'
  /** The profile itself cannot be used: an invalid base URL or a header that `fetch` refuses. */
  | 'config'
  /** A model run in the page (kind `browser`) failed to load or run; `serverText` says why. */
  | 'in-page'
  /** Image generation (imageErrors.ts): no image API, text instead of an image, out of memory, size refused. */
  | ImageErrorCause;

/** `connect`: no response headers in time. `first-byte`: the model did not start answering in time. */
export type TimeoutPhase = 'connect' | 'first-byte';

export interface FixStep {
  label: string;
  /** A command or a setting to copy, shown as code. */
  code?: string;
}

/** What the UI shows for a failure: a title, a sentence, and optional steps. */
export interface ErrorFix {
  title: string;
  detail?: string;
  steps?: FixStep[];
}

/** Everything the error texts may mention. Never holds a secret. */
export interface ErrorContext {
  serverKind?: ServerKind;
  /** Normalised base URL, without credentials. */
  baseUrl?: string;
  host?: string;
  port?: string;
  /** This page's origin (`location.origin`; "null" for a file:// page). */
  origin?: string;
  model?: string;
  status?: number;
  statusText?: string;
  /** The server's own error text, cut short and with secrets removed. */
  serverText?: string;
  /** The `<title>` of an HTML error page. */
  pageTitle?: string;
  phase?: TimeoutPhase;
  timeoutMs?: number;
  authType?: Auth['type'];
  /** The browser is Safari/WebKit, which blocks http://localhost from https pages too. */
  isSafari?: boolean;
  /** The connection dropped after the answer had started. */
  isLost?: boolean;
  /** The stream ended without the server's final message. */
  isTruncated?: boolean;
  /** For 'unsupported'. */
  operation?: 'pull' | 'delete';
  /** For 'config': which setting is wrong. */
  setting?: 'url' | 'header' | 'keep_alive';
  headerName?: string;
  /** For 'config' with `keep_alive`: what the user typed (not a secret). */
  settingValue?: string;
  /** For 'redirect': an https address on the same host, when the redirect showed one. */
  suggestedBaseUrl?: string;
  /** For 'context-overflow': the server's own counts. */
  promptTokens?: number;
  contextSize?: number;
  /** Ollama cloud models: the machine is not signed in to ollama.com (the 401 carried a signin_url). */
  needsSignin?: boolean;
  /** The stream ended with no finish_reason and no [DONE], the way Ollama's /v1 loses an error. */
  isUnfinished?: boolean;
  /** The server looks like Ollama (its /v1 chunks say `system_fingerprint: "fp_ollama"`). */
  isOllamaV1?: boolean;
  /** Chrome's Local Network Access permission for this page, where the browser tells it. */
  localNetworkPermission?: 'granted' | 'denied' | 'prompt';
  /** The page and the server share an origin (a reverse proxy serves both). */
  isSameOrigin?: boolean;
}
