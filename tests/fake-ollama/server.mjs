// A fake Ollama server for end-to-end tests and benchmarks.
//
// It speaks the wire formats of /work/shared/reference/ollama-http.md (Ollama's native NDJSON API and
// its OpenAI-compatible SSE API), applies Ollama's CORS rules (gin-contrib/cors with OLLAMA_ORIGINS),
// can sit "behind" a basic-auth or API-key proxy, streams scripted replies at a chosen token rate with
// one write per token, notices when the client hangs up, and injects faults on demand.
// Plain Node `http`, no dependencies.

import http from 'node:http';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { defaultReply, defaultThinking, markdownReply, tokenize } from './replies.mjs';
import { createImageRoutes } from './images.mjs';

/**
 * @typedef {import('./replies.mjs').ChatMessage} ChatMessage
 * @typedef {import('./replies.mjs').ScriptedReply} ScriptedReply
 * @typedef {'completion' | 'tools' | 'insert' | 'vision' | 'embedding' | 'thinking' | 'image'} Capability
 *
 * @typedef {object} ModelDef  A model the server pretends to have installed. Only `name` is required.
 * @property {string} name                 e.g. 'llama3.2:latest' (a missing tag means ':latest')
 * @property {Capability[]} [capabilities] default ['completion']
 * @property {string} [family]             also the GGUF architecture of `model_info` (default 'llama')
 * @property {string[]} [families]
 * @property {string} [parameterSize]      e.g. '3.2B'
 * @property {string} [quantizationLevel]  e.g. 'Q4_K_M'
 * @property {number} [contextLength]      trained context, `model_info["<family>.context_length"]`
 * @property {number} [embeddingLength]    also the length of /api/embed vectors
 * @property {number} [size]               bytes
 * @property {string} [modifiedAt]
 * @property {string} [parameters]         `/api/show` parameters text ("key value" lines)
 * @property {string} [template]
 * @property {string} [license]
 * @property {string} [system]
 * @property {boolean} [remote]           an Ollama cloud model: it answers only when `signedIn`
 *
 * @typedef {Required<ModelDef> & { digest: string }} Model
 *
 * @typedef {(messages: ChatMessage[], request: Record<string, unknown>) => string | ScriptedReply} ReplyFn
 *   A scripted reply: the text, or `{ content, thinking }` to script what thinking models think too.
 *   `request` is the parsed request body.
 *
 * @typedef {object} FakeOllamaOptions
 * @property {number} [port]              0 (default) picks a free port
 * @property {string} [host]              default '127.0.0.1'
 * @property {string[]} [origins]         extra OLLAMA_ORIGINS entries; ['*'] allows every origin
 * @property {{ username: string, password: string }} [basicAuth]  every request but preflights needs it
 * @property {string} [bearer]            API key required on /api/* and /v1/* (ignored when basicAuth is set)
 * @property {number} [rate]              streamed tokens per second; 0 or undefined = as fast as possible
 * @property {number} [firstByteDelayMs]  delay before the response headers of chat/generate/completions
 * @property {number} [loadDurationMs]    reported `load_duration` (default 12 ms)
 * @property {ModelDef[]} [models]        replaces the default model list
 * @property {Record<string, string | ReplyFn>} [replies]  per model name, replaces the default reply
 * @property {string} [version]           default '0.5.1'
 * @property {boolean} [tagsCapabilities] add `capabilities` to /api/tags entries, like newer servers
 * @property {boolean} [modelTypes]       add `type` ("chat", "embedding", "image") to /v1/models entries,
 *                                        as Together AI's list does (together-python types/models.py)
 * @property {boolean} [hostGuard]        answer 403 to a Host header Ollama would reject (default off)
 * @property {boolean} [splitUtf8Writes]  write each streamed line in two writes, cut inside a multi-byte
 *                                        character when it has one, to exercise client-side reassembly
 * @property {RedirectSpec} [redirect]    a hostile or misconfigured server: answer with a redirect
 * @property {boolean} [allowAnyHeaders]  preflights allow whatever headers are asked for (a permissive
 *                                        proxy in front; Ollama itself allows a fixed list)
 * @property {boolean} [signedIn]         the machine is signed in to ollama.com: `remote` models answer
 * @property {'ollama' | 'llama.cpp' | 'foundry'} [flavor]  'llama.cpp' plays llama-server on /v1: model ids as
 *                                        given (a file path without --alias), `/props`, a 400
 *                                        exceed_context_size_error instead of truncation, a 500 for
 *                                        images without a projector, "length" when the context fills
 *                                        'foundry' plays an older Foundry Local build (the
 *                                        service's REST API of mid-2025): no /v1/models (404 with
 *                                        an empty body, as ASP.NET Core answers), the model names at
 *                                        GET /openai/models as a JSON array of strings, the service
 *                                        at GET /openai/status, the chat on /v1/chat/completions;
 *                                        model ids as given
 * @property {number} [contextSize]       llama.cpp: the slot's n_ctx (default 4096)
 * @property {number} [imageStepMs]       time per image generation step (default 30 ms; see images.mjs)
 * @property {boolean} [imagesApi]        false: no image generation (Ollama after #16615: /api/generate answers an
 *                                        image model 400, no /v1/images/generations; see images.mjs)
 *
 * @typedef {object} RedirectSpec  Not something Ollama does: a server that sends the request elsewhere.
 * @property {string} to              base URL the Location points to (the path is kept)
 * @property {number} [status]        301, 302, 307 (default) or 308
 * @property {string[]} [paths]       only these paths (default: every path); preflights are answered
 *
 * @typedef {object} RecordedRequest
 * @property {number} id
 * @property {string} method
 * @property {string} path                 path without the query string
 * @property {Record<string, string | string[] | undefined>} headers  lower-case keys
 * @property {unknown} body                parsed JSON, else the raw text, else undefined
 * @property {number} startedAt            ms since the epoch, sub-millisecond (performance clock)
 * @property {number} [endedAt]            the server finished (or dropped) its response
 * @property {number} status               0 until the status line is sent
 * @property {boolean} closedEarly         the client closed the connection before the response ended
 * @property {number} [closedAt]
 * @property {boolean} dropped             the server destroyed the connection (a 'drop' fault)
 * @property {number} chunksWritten        stream writes (one per token line or SSE event)
 * @property {number} [droppedMessages]    chat turns: old messages truncation left out of the prompt
 *
 * @typedef {'midstream-error' | 'drop' | 'status' | 'html502'} FaultKind
 * @typedef {object} FaultSpec
 * @property {FaultKind} kind
 * @property {number} [afterTokens]  for 'midstream-error' and 'drop' (default 3)
 * @property {number} [status]       for 'status' (default 500)
 * @property {string} [message]
 * @property {string} [model]        only requests for this model
 * @property {number} [times]        default 1
 *
 * @typedef {object} FakeOllama
 * @property {string} url
 * @property {number} port
 * @property {RecordedRequest[]} requests
 * @property {(partial: Partial<FakeOllamaOptions>) => void} setOptions
 * @property {(fault: FaultSpec) => void} fault
 * @property {() => void} clearFaults
 * @property {() => void} reset  forgets requests and faults, restores the model list and loaded models
 * @property {(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number) => Promise<RecordedRequest>} waitForRequest
 * @property {(request: RecordedRequest, timeoutMs?: number) => Promise<RecordedRequest>} waitForClose
 * @property {() => Promise<void>} close
 */

// ---------------------------------------------------------------------------------------------
// Fixed texts and defaults

const DEFAULT_VERSION = '0.5.1';
const DEFAULT_LOAD_DURATION_MS = 12;
const DEFAULT_NUM_CTX = 4096;
const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
const FOREVER_MS = 292 * 365.25 * 86_400_000; // Ollama's "never unload" is ~292 years away
/** Prefill speed used for `prompt_eval_duration`: 4,000 tokens/s. */
const PROMPT_EVAL_NS_PER_TOKEN = 250_000;

const ERR_BUSY = 'server busy, please try again.  maximum pending requests exceeded';
const ERR_RUNNER_STOPPED =
  'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details';
const ERR_PULL_MISSING = 'pull model manifest: file does not exist';

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Paths where Ollama also registers HEAD. */
const HEAD_PATHS = new Set(['/', '/api/version', '/api/tags']);
const NDJSON_TYPE = 'application/x-ndjson';
const SSE_TYPE = 'text/event-stream';

/** @param {unknown[]} stops @param {Record<string, unknown>} [rest] */
function formatParameters(stops, rest = {}) {
  // Ollama prints Modelfile parameters with Go's "%-30s %#v".
  const lines = [...Object.entries(rest), ...stops.map((s) => ['stop', s])];
  return lines.map(([k, v]) => `${String(k).padEnd(30)} ${JSON.stringify(v)}`).join('\n');
}

const LLAMA_TEMPLATE =
  '<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>\n' +
  '{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>\n{{- end }}' +
  '<|start_header_id|>assistant<|end_header_id|>\n\n';
const CHATML_TEMPLATE =
  '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n';

/** @type {ModelDef[]} */
const DEFAULT_MODELS = [
  {
    name: 'llama3.2:latest',
    family: 'llama',
    parameterSize: '3.2B',
    quantizationLevel: 'Q4_K_M',
    capabilities: ['completion', 'tools'],
    contextLength: 131072,
    embeddingLength: 3072,
    size: 2019393189,
    modifiedAt: '2025-05-04T17:37:44.706015396-07:00',
    parameters: formatParameters(['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>']),
    template: LLAMA_TEMPLATE,
    license: 'LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024',
  },
  {
    name: 'llava:7b',
    family: 'llama',
    families: ['llama', 'clip'],
    parameterSize: '7B',
    quantizationLevel: 'Q4_0',
    capabilities: ['completion', 'vision'],
    contextLength: 32768,
    embeddingLength: 4096,
    size: 4733363377,
    modifiedAt: '2025-05-02T10:21:07.118822391-07:00',
    parameters: formatParameters(['[INST]', '[/INST]']),
    template: '[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }} [/INST]',
    license: 'Apache License\nVersion 2.0, January 2004',
  },
  {
    name: 'qwen3:4b',
    family: 'qwen3',
    parameterSize: '4.0B',
    quantizationLevel: 'Q4_K_M',
    capabilities: ['completion', 'tools', 'thinking'],
    contextLength: 40960,
    embeddingLength: 2560,
    size: 2620788260,
    modifiedAt: '2025-04-30T08:02:51.402915770-07:00',
    parameters: formatParameters(['<|im_start|>', '<|im_end|>'], {
      repeat_penalty: 1,
      temperature: 0.6,
      top_k: 20,
      top_p: 0.95,
    }),
    template: CHATML_TEMPLATE,
    license: 'Apache License\nVersion 2.0, January 2004',
  },
  {
    name: 'all-minilm:latest',
    family: 'bert',
    parameterSize: '23M',
    quantizationLevel: 'F16',
    capabilities: ['embedding'],
    contextLength: 512,
    embeddingLength: 384,
    size: 45960996,
    modifiedAt: '2025-04-21T19:44:13.093612245-07:00',
    parameters: '',
    template: '{{ .Prompt }}',
    license: 'Apache License\nVersion 2.0, January 2004',
  },
  {
    name: 'markdown:latest',
    family: 'llama',
    parameterSize: '1.2B',
    quantizationLevel: 'Q8_0',
    capabilities: ['completion'],
    contextLength: 131072,
    embeddingLength: 2048,
    size: 1321098329,
    modifiedAt: '2025-04-18T12:00:00.000000001-07:00',
    parameters: formatParameters(['<|eot_id|>']),
    template: LLAMA_TEMPLATE,
    license: '',
  },
];

/**
 * Models that /api/pull can fetch besides the defaults; any other name fails like a missing manifest.
 * @type {ModelDef[]}
 */
const PULLABLE_MODELS = [
  ...DEFAULT_MODELS,
  { name: 'mistral:latest', parameterSize: '7.2B', size: 4113301824, contextLength: 32768 },
  { name: 'gemma3:1b', family: 'gemma3', parameterSize: '999.89M', size: 815319791, contextLength: 32768 },
  {
    name: 'tinyllama:latest',
    parameterSize: '1B',
    quantizationLevel: 'Q4_0',
    size: 637700138,
    contextLength: 2048,
  },
  {
    name: 'deepseek-r1:1.5b',
    family: 'qwen2',
    parameterSize: '1.8B',
    capabilities: ['completion', 'thinking'],
    size: 1117322599,
    contextLength: 131072,
  },
  {
    name: 'nomic-embed-text:latest',
    family: 'nomic-bert',
    parameterSize: '137M',
    quantizationLevel: 'F16',
    capabilities: ['embedding'],
    size: 274302450,
    contextLength: 2048,
    embeddingLength: 768,
  },
];

/** A copy of the default model list, for callers that want to extend it. */
export function defaultModels() {
  return DEFAULT_MODELS.map((m) => ({ ...m }));
}

// ---------------------------------------------------------------------------------------------
// Small utilities

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes. */
function now() {
  return performance.timeOrigin + performance.now();
}

/** `time.Now().UTC()` as Go's JSON encodes it (RFC 3339 with up to nanoseconds). */
function goTimestamp(t = now()) {
  const whole = Math.floor(t);
  const iso = new Date(whole).toISOString(); // …SS.mmmZ
  const micros = String(Math.floor((t - whole) * 1e6)).padStart(6, '0');
  const fraction = (iso.slice(20, 23) + micros).replace(/0+$/, '');
  return iso.slice(0, 19) + (fraction ? '.' + fraction : '') + 'Z';
}

/** @param {string} text */
function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Ollama's name matching: case-insensitive, the default registry and namespace optional,
 * a missing tag means ':latest'.
 * @param {string} name
 */
function canonicalName(name) {
  let n = name.trim().toLowerCase();
  n = n.replace(/^registry\.ollama\.ai\//, '').replace(/^library\//, '');
  const tagAt = n.lastIndexOf(':');
  if (tagAt === -1 || tagAt < n.lastIndexOf('/')) n += ':latest';
  return n;
}

/** @param {string} size e.g. '3.2B', '23M' */
function parameterCount(size) {
  const m = /^([\d.]+)\s*([KMBT]?)/i.exec(size);
  if (!m) return 0;
  const scales = /** @type {Record<string, number>} */ ({ K: 1e3, M: 1e6, B: 1e9, T: 1e12 });
  const scale = scales[(m[2] ?? '').toUpperCase()] ?? 1;
  return Math.round(Number(m[1]) * scale);
}

/**
 * @param {ModelDef} def
 * @param {number} index  position in the list, to give undated models distinct modification times
 * @param {boolean} [rawName]  keep the name exactly as given (llama.cpp)
 * @returns {Model}
 */
function normalizeModel(def, index, rawName = false) {
  const family = def.family ?? 'llama';
  // llama-server names its model by its file path or --alias, case and all.
  const name = rawName ? def.name : canonicalName(def.name);
  return {
    name,
    capabilities: def.capabilities ?? ['completion'],
    family,
    families: def.families ?? [family],
    parameterSize: def.parameterSize ?? '1B',
    quantizationLevel: def.quantizationLevel ?? 'Q4_K_M',
    contextLength: def.contextLength ?? DEFAULT_NUM_CTX,
    embeddingLength: def.embeddingLength ?? (family === 'bert' ? 384 : 2048),
    size: def.size ?? 1_000_000_000,
    modifiedAt: def.modifiedAt ?? new Date(Date.UTC(2025, 3, 1) - index * 3_600_000).toISOString(),
    parameters: def.parameters ?? '',
    template: def.template ?? '{{ .Prompt }}',
    license: def.license ?? '',
    system: def.system ?? '',
    remote: def.remote ?? false,
    digest: sha256(name),
  };
}

/** Go's time.ParseDuration units, in milliseconds (both micro signs are accepted, as in Go). */
const GO_DURATION_UNITS = /** @type {Record<string, number>} */ ({
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 3.6e6,
});

/** Go's `quote` in package time: the text in double quotes, with `"` and `\` escaped. @param {string} s */
function goQuote(s) {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

/**
 * Go's `time.ParseDuration`, error texts included: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0".
 * @param {string} orig
 * @returns {{ ms: number } | { error: string }}
 */
export function parseGoDuration(orig) {
  let s = orig;
  const invalid = { error: `time: invalid duration ${goQuote(orig)}` };
  let sign = 1;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return { ms: 0 };
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const number = /^(\d*)(\.\d*)?/.exec(s);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2] ?? '';
    // "." alone, or nothing at all, is not a number
    if (whole === '' && fraction.length <= 1) return invalid;
    s = s.slice(whole.length + fraction.length);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (unit === '') return { error: `time: missing unit in duration ${goQuote(orig)}` };
    const scale = GO_DURATION_UNITS[unit];
    if (scale === undefined) {
      return { error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}` };
    }
    s = s.slice(unit.length);
    total += Number(whole + (fraction.length > 1 ? fraction : '')) * scale;
  }
  // Go's int64 nanoseconds overflow at about 292 years
  if (total * 1e6 > 2 ** 63) return invalid;
  return { ms: sign * total };
}

/**
 * Ollama's `Duration.UnmarshalJSON` for `keep_alive`: a number of seconds or a Go duration
 * string; negative means forever. Other JSON types fail. Null is "not given" (a nil pointer).
 * @param {unknown} value
 * @returns {{ ms: number } | { error: string }}
 */
export function parseKeepAlive(value) {
  if (value === undefined || value === null) return { ms: DEFAULT_KEEP_ALIVE_MS };
  if (typeof value === 'number') return { ms: value < 0 ? FOREVER_MS : value * 1000 };
  if (typeof value === 'string') {
    const parsed = parseGoDuration(value);
    if ('error' in parsed) return parsed;
    return { ms: parsed.ms < 0 ? FOREVER_MS : parsed.ms };
  }
  const type =
    typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
  return { error: `Unsupported type: '${type}'` };
}

/** keep_alive in milliseconds, for a value that already passed `parseKeepAlive`. @param {unknown} value */
function keepAliveMs(value) {
  const parsed = parseKeepAlive(value);
  return 'ms' in parsed ? parsed.ms : DEFAULT_KEEP_ALIVE_MS;
}

/** What `think` asks for: Ollama treats true and any non-empty level string ("low", "high"…) as on. */
function thinkRequested(/** @type {unknown} */ think) {
  return think === true || (typeof think === 'string' && think !== '' && think !== 'none');
}

/** What a chat template wraps around each message (role header, end-of-turn marker), in tokens. */
const TEMPLATE_TOKENS_PER_MESSAGE = 4;
/** The assistant header the template appends after the last message. */
const TEMPLATE_TOKENS_PROMPT_END = 3;
/** A model's `type` in a typed /v1/models list (Together AI's ModelType). @param {ModelDef} m */
function modelType(m) {
  const caps = m.capabilities ?? ['completion'];
  if (caps.includes('image')) return 'image';
  return caps.includes('embedding') && !caps.includes('completion') ? 'embedding' : 'chat';
}

/** Ollama counts each image of a model with a projector as 768 tokens when it fits the prompt. */
const IMAGE_TOKENS = 768;

/**
 * The fake's tokenizer count for one rendered message: about four characters a token, plus the
 * template's frame, plus the images a vision model sees.
 * @param {ChatMessage} m @param {boolean} hasProjector
 */
function messageTokens(m, hasProjector) {
  const images = hasProjector ? IMAGE_TOKENS * (m.images?.length ?? 0) : 0;
  return Math.ceil(Array.from(m.content).length / 4) + TEMPLATE_TOKENS_PER_MESSAGE + images;
}

/**
 * Ollama's chatPrompt: drop whole messages from the front until the rendered prompt fits num_ctx,
 * keeping every system message among the dropped ones and always the last message. Nothing in the
 * response says so: only `prompt_eval_count` (what was kept) is lower than what was sent. A last
 * message that alone exceeds num_ctx is cut by the runner, so the count never exceeds num_ctx.
 * Linear in the number of messages (suffix sums instead of re-rendering each candidate).
 * @param {ChatMessage[]} messages @param {number} numCtx @param {boolean} hasProjector
 * @returns {{ kept: ChatMessage[], promptEvalCount: number, dropped: number }}
 */
export function truncatePrompt(messages, numCtx, hasProjector) {
  const n = messages.length;
  const tokens = messages.map((m) => messageTokens(m, hasProjector));
  const suffix = new Array(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + tokens[i];
  let systemBefore = 0;
  for (let i = 0; i < n; i++) {
    const count = TEMPLATE_TOKENS_PROMPT_END + systemBefore + suffix[i];
    if (count <= numCtx || i === n - 1) {
      const kept = [...messages.slice(0, i).filter((m) => m.role === 'system'), ...messages.slice(i)];
      return { kept, promptEvalCount: Math.min(count, numCtx), dropped: n - kept.length };
    }
    if (messages[i]?.role === 'system') systemBefore += tokens[i] ?? 0;
  }
  return { kept: [], promptEvalCount: 0, dropped: 0 };
}

/** Drops the metric fields that are zero, as Go's `omitempty` does. @param {Record<string, number>} metrics */
function nonZero(metrics) {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => v !== 0));
}

// --- embeddings (documents, issue 14) --------------------------------------------------------

/**
 * A deterministic unit vector for /api/embed and /v1/embeddings that behaves like a real embedding:
 * texts sharing words point the same way. Each word (lower-cased letters and digits) is hashed to a
 * dimension and a sign (feature hashing); counts are damped with a log so one repeated word does not
 * dominate. Tests can therefore tell which chunk a question is closest to.
 * @param {string} text @param {number} dims
 */
function textEmbedding(text, dims) {
  const vector = new Array(dims).fill(0);
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const w of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu))
    counts.set(w[0], (counts.get(w[0]) ?? 0) + 1);
  for (const [word, n] of counts) {
    const h = parseInt(sha256(word).slice(0, 8), 16) >>> 0;
    vector[h % dims] += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(n));
  }
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1;
  return vector.map((v) => Math.round((v / norm) * 1e7) / 1e7);
}

/**
 * The input of an embed request as a list of texts, or an error text as Ollama gives it.
 * @param {unknown} input @returns {string[] | string}
 */
function embedInputs(input) {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return input ? [input] : [];
  if (Array.isArray(input) && input.every((t) => typeof t === 'string')) return input;
  return 'invalid input type';
}

/**
 * Ollama's small-context model (tinyllama, 2,048 tokens), for tests of overflow: add it to `models`.
 * @returns {ModelDef}
 */
export function smallContextModel() {
  const tiny = PULLABLE_MODELS.find((m) => m.name === 'tinyllama:latest');
  return { name: 'tinyllama:latest', ...tiny, capabilities: ['completion'] };
}

/**
 * Go's encoding/json error texts for a body that is not a JSON object, or null when it is fine.
 * @param {string} raw
 * @param {string} goType  e.g. 'api.ChatRequest'
 */
function goJsonError(raw, goType) {
  if (raw.trim() === '') return 'missing request body';
  let value;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/end of JSON|Unterminated/i.test(message)) return 'unexpected EOF';
    const at = /position (\d+)/.exec(message);
    const char = at ? raw[Number(at[1])] : (/Unexpected token '?(.)/.exec(message)?.[1] ?? raw.trim()[0]);
    if (/property name/.test(message))
      return `invalid character '${char}' looking for beginning of object key string`;
    if (/after JSON/.test(message)) return `invalid character '${char}' after top-level value`;
    return `invalid character '${char}' looking for beginning of value`;
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
    return `json: cannot unmarshal ${kind} into Go value of type ${goType}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// CORS, as gin-contrib/cors configured by Ollama

const DEFAULT_ORIGINS = [
  ...['localhost', '127.0.0.1', '0.0.0.0'].flatMap((h) => [
    `http://${h}`,
    `https://${h}`,
    `http://${h}:*`,
    `https://${h}:*`,
  ]),
  'app://*',
  'file://*',
  'tauri://*',
  'vscode-webview://*',
  'vscode-file://*',
];

/** Schemes gin accepts for entries without '*' (Ollama enables AllowBrowserExtensions). */
const ORIGIN_SCHEMES = [
  'http://',
  'https://',
  'chrome-extension://',
  'safari-extension://',
  'moz-extension://',
  'ms-browser-extension://',
];

/** gin sends header names through Go's http.CanonicalHeaderKey ("OpenAI-Beta" → "Openai-Beta"). */
const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'User-Agent',
  'Accept',
  'X-Requested-With',
  'OpenAI-Beta',
  'x-stainless-arch',
  'x-stainless-async',
  'x-stainless-custom-poll-interval',
  'x-stainless-helper-method',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-poll-helper',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
]
  .map((h) => h.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase()))
  .join(',');
const CORS_ALLOW_METHODS = 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS';
const CORS_MAX_AGE = '43200';

/**
 * @typedef {{ allowAll: boolean, exact: Set<string>, wildcards: [string, string][] }} OriginPolicy
 */

/**
 * What Ollama makes of the OLLAMA_ORIGINS variable: the whole value is trimmed of spaces and quotes
 * (envconfig.Var), then split on commas. The entries themselves are not trimmed.
 * @param {string} value
 */
export function originsFromEnv(value) {
  const s = value.trim().replace(/^["']+|["']+$/g, '');
  return s === '' ? [] : s.split(',');
}

/**
 * Builds the allow-list like Ollama does at start-up (gin-contrib/cors v1.7.2), with the same
 * refusals: `ollama serve` panics on them. Entries are validated as given, so " https://b.example"
 * (a space after a comma) or an empty entry (a trailing comma) stops the server from starting.
 * @param {string[]} extra  OLLAMA_ORIGINS entries
 * @returns {OriginPolicy}
 */
export function compileOriginPolicy(extra = []) {
  const entries = [...extra, ...DEFAULT_ORIGINS];
  // Validated first, even next to a "*" (which then makes gin allow every origin).
  for (const entry of entries) {
    if (!entry.includes('*') && !ORIGIN_SCHEMES.some((s) => entry.startsWith(s))) {
      throw new Error(`bad origin: origins must contain '*' or include ${ORIGIN_SCHEMES.join(',')}`);
    }
  }
  if (entries.includes('*')) return { allowAll: true, exact: new Set(), wildcards: [] };
  /** @type {[string, string][]} */
  const wildcards = [];
  for (const entry of entries) {
    const stars = entry.split('*').length - 1;
    if (stars === 0) continue;
    if (stars > 1) throw new Error('only one * is allowed');
    const i = entry.indexOf('*');
    // v1.7.2 keeps everything before the '*': "http://localhost:*" is the prefix "http://localhost:",
    // so "http://localhost.evil.com" is not admitted (versions before 1.7.2 dropped the ':').
    if (i === 0) wildcards.push(['*', entry.slice(1)]);
    else if (i === entry.length - 1) wildcards.push([entry.slice(0, i), '*']);
    else wildcards.push([entry.slice(0, i), entry.slice(i + 1)]);
  }
  // Exact matches are compared after gin's normalize(): trimmed and lower-cased.
  return { allowAll: false, exact: new Set(entries.map((e) => e.trim().toLowerCase())), wildcards };
}

/** @param {OriginPolicy} policy @param {string} origin */
function originAllowed(policy, origin) {
  if (policy.allowAll || policy.exact.has(origin)) return true;
  return policy.wildcards.some(
    ([prefix, suffix]) =>
      (prefix === '*' && origin.endsWith(suffix)) ||
      (suffix === '*' && origin.startsWith(prefix)) ||
      (origin.startsWith(prefix) && origin.endsWith(suffix)),
  );
}

/**
 * Ollama's Host guard (only when bound to loopback): loopback, private and unspecified IPs,
 * localhost, the machine's name and *.localhost / *.local / *.internal pass.
 * @param {string | undefined} hostHeader
 */
function hostAllowed(hostHeader) {
  const host = (hostHeader ?? '')
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (host === '' || host === 'localhost' || host === hostname().toLowerCase()) return true;
  if (/\.(localhost|local|internal)$/.test(host)) return true;
  if (/^(127\.|10\.|192\.168\.|0\.0\.0\.0$)/.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host))
    return true;
  return host === '::1' || host === '::' || /^f[cd][0-9a-f]{2}:/.test(host);
}

/** @param {string} host */
function isLoopback(host) {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

// ---------------------------------------------------------------------------------------------
// Wire formats: how one token, the end of a turn, and errors look in each API

/**
 * @typedef {{ kind: 'thinking' | 'content', text: string }} Piece
 * @typedef {object} Summary
 * @property {string} doneReason
 * @property {number} promptEvalCount
 * @property {number} evalCount
 * @property {number} totalDuration
 * @property {number} loadDuration
 * @property {number} promptEvalDuration
 * @property {number} evalDuration
 *
 * @typedef {object} WireFormat
 * @property {string} contentType                       of the stream
 * @property {(piece: Piece) => string} chunk           one NDJSON line or SSE event for one token
 * @property {(summary: Summary) => string} end         the closing line(s)
 * @property {(message: string) => string} streamError  an error after the 200 header was sent
 * @property {(summary: Summary, content: string, thinking: string) => object} whole  `stream: false`
 * @property {(reason: string) => object} loaded        answer to an empty turn (load / unload)
 * @property {(status: number, message: string) => object} errorBody
 */

/** @param {Summary} s */
function ollamaMetrics(s) {
  return nonZero({
    total_duration: s.totalDuration,
    load_duration: s.loadDuration,
    prompt_eval_count: s.promptEvalCount,
    prompt_eval_duration: s.promptEvalDuration,
    eval_count: s.evalCount,
    eval_duration: s.evalDuration,
  });
}

/** @param {string} message */
/**
 * Ollama's /v1 (openai/openai.go decodeImageURL): a data URL declared jpeg, jpg, png or webp, or
 * with no type at all (`data:;base64,`, like /api/chat's bare base64); anything else, http(s) URLs
 * included, is 400 `invalid image input`. The bytes are not looked at here.
 * @param {string} url @returns {{ base64: string, error?: undefined } | { error: string }}
 */
function ollamaImageUrl(url) {
  if (/^https?:\/\//.test(url)) {
    return { error: 'image URLs are not currently supported, please use base64 encoded data instead' };
  }
  const data = /^data:(image\/(jpeg|jpg|png|webp))?;base64,(.*)$/s.exec(url);
  if (!data || !/^[A-Za-z0-9+/]*={0,2}$/.test(data[3] ?? '')) return { error: 'invalid image input' };
  return { base64: data[3] ?? '' };
}

/**
 * llama-server (oaicompat_chat_params_parse): any `data:image/<type>;base64,` URL is taken, whatever
 * the type says; its bytes are read later by the projector (STB_IMAGE_SIGNATURES).
 * @param {string} url @returns {{ base64: string, error?: undefined } | { error: string }}
 */
function llamaCppImageUrl(url) {
  const parts = url.split(',');
  if (parts.length !== 2) return { error: 'Invalid image_url.url value' };
  const [head = '', base64 = ''] = parts;
  if (!head.startsWith('data:image/')) return { error: `Invalid image_url.url format: ${head}` };
  if (!head.endsWith('base64')) return { error: 'image_url.url must be base64 encoded' };
  return { base64 };
}

/** What stb_image recognises, by the first bytes (as latin1 text): PNG, JPEG, GIF, BMP. */
const STB_IMAGE_SIGNATURES = [/^\x89PNG/, /^\xff\xd8\xff/, /^GIF8[79]a/, /^BM/];

function ollamaError(message) {
  return { error: message };
}

/** @param {number} status @param {string} message @param {string | null} [code] */
function openAIError(status, message, code = null) {
  const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
  return { error: { message, type, param: null, code } };
}

/** /api/chat: `message.content` / `message.thinking`. @param {string} model @returns {WireFormat} */
function chatFormat(model) {
  /** @param {string} content @param {string} [thinking] */
  const message = (content, thinking) => ({ role: 'assistant', content, ...(thinking ? { thinking } : {}) });
  return {
    contentType: NDJSON_TYPE,
    chunk: (p) =>
      JSON.stringify({
        model,
        created_at: goTimestamp(),
        message: p.kind === 'content' ? message(p.text) : message('', p.text),
        done: false,
      }) + '\n',
    end: (s) =>
      JSON.stringify({
        model,
        created_at: goTimestamp(),
        message: message(''),
        done_reason: s.doneReason,
        done: true,
        ...ollamaMetrics(s),
      }) + '\n',
    streamError: (m) => JSON.stringify(ollamaError(m)) + '\n',
    whole: (s, content, thinking) => ({
      model,
      created_at: goTimestamp(),
      message: message(content, thinking),
      done_reason: s.doneReason,
      done: true,
      ...ollamaMetrics(s),
    }),
    loaded: (reason) => ({
      model,
      created_at: goTimestamp(),
      message: message(''),
      done_reason: reason,
      done: true,
    }),
    errorBody: (_status, m) => ollamaError(m),
  };
}

/** /api/generate: `response` / `thinking`, and the deprecated `context`. @param {string} model @returns {WireFormat} */
function generateFormat(model) {
  /** @param {Summary} s */
  const context = (s) =>
    Array.from({ length: s.promptEvalCount + s.evalCount }, (_, i) => (i * 7919 + 128000) % 128256);
  return {
    contentType: NDJSON_TYPE,
    chunk: (p) =>
      JSON.stringify({
        model,
        created_at: goTimestamp(),
        response: p.kind === 'content' ? p.text : '',
        ...(p.kind === 'thinking' ? { thinking: p.text } : {}),
        done: false,
      }) + '\n',
    end: (s) =>
      JSON.stringify({
        model,
        created_at: goTimestamp(),
        response: '',
        done: true,
        done_reason: s.doneReason,
        context: context(s),
        ...ollamaMetrics(s),
      }) + '\n',
    streamError: (m) => JSON.stringify(ollamaError(m)) + '\n',
    whole: (s, content, thinking) => ({
      model,
      created_at: goTimestamp(),
      response: content,
      ...(thinking ? { thinking } : {}),
      done: true,
      done_reason: s.doneReason,
      context: context(s),
      ...ollamaMetrics(s),
    }),
    loaded: (reason) => ({ model, created_at: goTimestamp(), response: '', done: true, done_reason: reason }),
    errorBody: (_status, m) => ollamaError(m),
  };
}

/**
 * /v1/chat/completions, as Ollama's OpenAI middleware writes it.
 * @param {string} model @param {boolean} includeUsage
 * @param {string | null} [fingerprint]  'fp_ollama', or a llama.cpp build (which reports errors in the
 *   stream), or null for Foundry Local (what it sends there is UNCONFIRMED)
 * @returns {WireFormat}
 */
function openAIFormat(model, includeUsage, fingerprint = 'fp_ollama') {
  const id = `chatcmpl-${Math.floor(Math.random() * 999)}`;
  const created = Math.floor(Date.now() / 1000);
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: fingerprint };
  /** @param {object} payload */
  const event = (payload) => `data: ${JSON.stringify(payload)}\n\n`;
  /** @param {Summary} s */
  const usage = (s) => ({
    prompt_tokens: s.promptEvalCount,
    completion_tokens: s.evalCount,
    total_tokens: s.promptEvalCount + s.evalCount,
  });
  return {
    contentType: SSE_TYPE,
    chunk: (p) =>
      event({
        ...base,
        choices: [
          {
            index: 0,
            delta:
              p.kind === 'content'
                ? { role: 'assistant', content: p.text }
                : { role: 'assistant', content: '', reasoning: p.text },
            finish_reason: null,
          },
        ],
      }),
    end: (s) =>
      event({
        ...base,
        choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: s.doneReason }],
      }) +
      (includeUsage ? event({ ...base, choices: [], usage: usage(s) }) : '') +
      'data: [DONE]\n\n',
    // Ollama's ChatWriter decodes the `{"error"}` line as an empty chat response: one chunk with an
    // empty delta, then the stream just ends, with no finish_reason and no [DONE]. The message is lost.
    streamError: (m) =>
      fingerprint !== 'fp_ollama'
        ? event({ error: { code: 500, message: m, type: 'server_error' } })
        : event({
            ...base,
            model: '',
            choices: [{ index: 0, delta: { content: '' }, finish_reason: null }],
          }),
    whole: (s, content, thinking) => ({
      id,
      object: 'chat.completion',
      created,
      model,
      system_fingerprint: fingerprint,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, ...(thinking ? { reasoning: thinking } : {}) },
          finish_reason: s.doneReason,
        },
      ],
      usage: usage(s),
    }),
    loaded: (reason) => chatFormat(model).loaded(reason),
    errorBody: openAIError,
  };
}

// ---------------------------------------------------------------------------------------------
// The server

/**
 * @typedef {object} Fault
 * @property {FaultKind} kind
 * @property {number} afterTokens
 * @property {number} status
 * @property {string | undefined} message
 * @property {string | undefined} model   canonical name
 * @property {number} times
 *
 * @typedef {object} Ctx  One request in flight.
 * @property {http.IncomingMessage} req
 * @property {http.ServerResponse} res
 * @property {RecordedRequest} record
 * @property {URL} url
 * @property {string} raw                   the request body text
 * @property {Record<string, string | string[]>} cors  headers every response to this request carries
 * @property {boolean} closed               the connection is gone: stop writing
 * @property {AbortSignal} signal           aborted when `closed` becomes true
 * @property {boolean} dropped
 *
 * @typedef {object} Turn  A chat turn, whatever API it came from.
 * @property {string} model                 the name as sent: echoed back and used in error texts
 * @property {ChatMessage[]} messages
 * @property {boolean} stream
 * @property {unknown} think
 * @property {Record<string, unknown>} options
 * @property {unknown[]} tools
 * @property {string} suffix
 * @property {unknown} keepAlive
 * @property {boolean} empty                only loads (or unloads) the model
 * @property {Record<string, unknown>} body
 * @property {boolean} [includeUsage]       /v1: `stream_options.include_usage`
 */

/**
 * Starts a fake Ollama server.
 * @param {FakeOllamaOptions} [startOptions]
 * @returns {Promise<FakeOllama>}
 */
export async function startFakeOllama(startOptions = {}) {
  /** @type {Required<Pick<FakeOllamaOptions, 'host' | 'origins' | 'version'>> & FakeOllamaOptions} */
  const options = { host: '127.0.0.1', origins: [], version: DEFAULT_VERSION, ...startOptions };
  let originPolicy = compileOriginPolicy(options.origins);
  /** @type {ModelDef[]} */
  let baselineModels = options.models ?? DEFAULT_MODELS;
  /** @type {Model[]} */
  const isLlamaCpp = () => options.flavor === 'llama.cpp';
  const isFoundry = () => options.flavor === 'foundry';
  /** llama-server and Foundry Local name models exactly as given (no `:latest`). */
  const keepsNames = () => isLlamaCpp() || isFoundry();
  let models = baselineModels.map((d, i) => normalizeModel(d, i, keepsNames()));
  /** Loaded models for /api/ps: canonical name → expiry and context size. */
  /** @type {Map<string, { expiresAt: number, contextLength: number }>} */
  const loaded = new Map();
  /** @type {Fault[]} */
  let faults = [];
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** Re-run by `changed()`: pending waitForRequest / waitForClose checks. */
  /** @type {Set<() => void>} */
  const watchers = new Set();
  let nextId = 1;

  function changed() {
    for (const check of [...watchers]) check();
  }

  /** @param {string} name */
  function findModel(name) {
    if (keepsNames()) return models.find((m) => m.name === name);
    const wanted = canonicalName(name);
    return models.find((m) => m.name === wanted);
  }

  /** @param {string} modelName canonical */
  function takeFault(modelName) {
    const i = faults.findIndex((f) => f.model === undefined || f.model === modelName);
    if (i === -1) return undefined;
    const fault = /** @type {Fault} */ (faults[i]);
    if (--fault.times <= 0) faults.splice(i, 1);
    return fault;
  }

  // --- responses ------------------------------------------------------------------------------

  /** @param {Ctx} ctx @param {number} status @param {http.OutgoingHttpHeaders} [headers] */
  function writeHead(ctx, status, headers = {}) {
    ctx.res.writeHead(status, { ...ctx.cors, ...headers });
    ctx.record.status = status;
    changed();
  }

  /** @param {Ctx} ctx @param {number} status @param {unknown} body */
  function sendJson(ctx, status, body) {
    const text = JSON.stringify(body);
    writeHead(ctx, status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
    ctx.res.end(text);
  }

  /** @param {Ctx} ctx @param {number} status @param {string} text @param {string} [type] */
  function sendText(ctx, status, text, type = 'text/plain; charset=utf-8') {
    writeHead(ctx, status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    ctx.res.end(text);
  }

  /** @param {Ctx} ctx @param {number} status @param {http.OutgoingHttpHeaders} [headers] */
  function sendEmpty(ctx, status, headers = {}) {
    writeHead(ctx, status, { ...headers, 'content-length': 0 });
    ctx.res.end();
  }

  /**
   * One stream write. With `splitUtf8Writes` the bytes go out in two writes, cut inside the first
   * multi-byte character, so a client sees a UTF-8 sequence straddle two network chunks.
   * @param {Ctx} ctx @param {string} text @returns {boolean} false when the client should be left to drain
   */
  function write(ctx, text) {
    if (ctx.closed) return false;
    ctx.record.chunksWritten++;
    if (!options.splitUtf8Writes) return ctx.res.write(text);
    const bytes = Buffer.from(text);
    const lead = bytes.findIndex((b) => b >= 0xc0);
    const cut = lead === -1 ? bytes.length >> 1 : lead + 1;
    ctx.res.write(bytes.subarray(0, cut));
    return ctx.res.write(bytes.subarray(cut));
  }

  /**
   * Cuts the connection mid-response, as a crashing proxy or server would. The socket is ended
   * rather than destroyed so the tokens already written (still corked by Node) reach the client first.
   * @param {Ctx} ctx
   */
  function drop(ctx) {
    ctx.dropped = true;
    ctx.record.dropped = true;
    ctx.record.endedAt = now();
    const socket = ctx.req.socket;
    socket.end(() => socket.destroy());
    changed();
  }

  /** Resolves after `ms`, or at once when the connection closes. @param {Ctx} ctx @param {number} ms */
  function sleep(ctx, ms) {
    return new Promise((resolve) => {
      if (ctx.closed) return resolve(undefined);
      const done = () => {
        clearTimeout(timer);
        clearImmediate(immediate);
        ctx.signal.removeEventListener('abort', done);
        resolve(undefined);
      };
      // setImmediate for "no delay" still lets close events run between writes.
      const timer = ms > 0 ? setTimeout(done, ms) : undefined;
      const immediate = ms > 0 ? undefined : setImmediate(done);
      ctx.signal.addEventListener('abort', done, { once: true });
    });
  }

  /** @param {Ctx} ctx */
  function drained(ctx) {
    return new Promise((resolve) => {
      const done = () => {
        ctx.res.off('drain', done);
        ctx.signal.removeEventListener('abort', done);
        resolve(undefined);
      };
      ctx.res.on('drain', done);
      ctx.signal.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Calls `emit(i)` for i in [0, count), token i falling due i/rate seconds after the start.
   * Tokens that are due together (high rates outrun the timer) are written back to back, each with
   * its own write. Stops as soon as the connection closes; waits for 'drain' when the client reads
   * slowly. Returns how many were emitted.
   * @param {Ctx} ctx @param {number} count @param {number} rate @param {(i: number) => boolean} emit
   */
  async function pace(ctx, count, rate, emit) {
    const BURST = 64; // tokens per event-loop turn when the rate is unlimited
    let i = 0;
    let base = 0;
    let start = performance.now();
    while (i < count && !ctx.closed) {
      const due =
        rate > 0
          ? Math.min(count, base + Math.floor(((performance.now() - start) * rate) / 1000) + 1)
          : Math.min(count, i + BURST);
      let flowing = true;
      while (i < due && flowing && !ctx.closed) flowing = emit(i++);
      if (i >= count || ctx.closed) break;
      if (!flowing) {
        await drained(ctx);
        // Restart the schedule instead of bursting out everything that fell due meanwhile.
        base = i;
        start = performance.now();
      } else {
        await sleep(ctx, rate > 0 ? start + ((i - base) * 1000) / rate - performance.now() : 0);
      }
    }
    return i;
  }

  // --- turns ----------------------------------------------------------------------------------

  /**
   * The scripted answer: text and thinking pieces, truncated by num_predict, and the prompt size.
   * @param {Turn} turn @param {Model} model
   */
  function planReply(turn, model) {
    // The model only ever sees what survived truncation: a reply function gets the kept messages.
    const numCtx = isLlamaCpp()
      ? Infinity
      : Math.min(Number(turn.options.num_ctx ?? 0) || DEFAULT_NUM_CTX, model.contextLength);
    const { kept, promptEvalCount, dropped } = truncatePrompt(
      turn.messages,
      numCtx,
      model.capabilities.includes('vision'),
    );
    const custom = options.replies?.[model.name] ?? options.replies?.[turn.model];
    const scripted =
      typeof custom === 'function'
        ? custom(kept, turn.body)
        : (custom ?? (model.name === 'markdown:latest' ? markdownReply : defaultReply)(kept));
    const { content, thinking } =
      typeof scripted === 'string' ? { content: scripted, thinking: undefined } : scripted;
    // Since Ollama 0.12.4 a thinking model thinks unless told `think: false`.
    const thinks = model.capabilities.includes('thinking') && thinkRequested(turn.think ?? true);
    /** @type {Piece[]} */
    let pieces = [
      ...(thinks ? tokenize(thinking ?? defaultThinking(kept)) : []).map(
        (text) => /** @type {Piece} */ ({ kind: 'thinking', text }),
      ),
      ...tokenize(content).map((text) => /** @type {Piece} */ ({ kind: 'content', text })),
    ];
    let doneReason = 'stop';
    // num_predict counts every generated token, thinking included, as in Ollama.
    const numPredict = Number(turn.options.num_predict ?? -1);
    if (numPredict > 0 && pieces.length > numPredict) {
      pieces = pieces.slice(0, numPredict);
      doneReason = 'length';
    }
    // llama-server stops with "length" when prompt and answer fill the slot's context.
    const room = (options.contextSize ?? DEFAULT_NUM_CTX) - promptEvalCount;
    if (isLlamaCpp() && pieces.length > room) {
      pieces = pieces.slice(0, Math.max(0, room));
      doneReason = 'length';
    }
    return { pieces, doneReason, promptEvalCount, dropped };
  }

  /**
   * The checks Ollama makes before generating, in its order. Returns the model or an error.
   * @param {Turn} turn @param {'chat' | 'generate'} verb
   * @returns {{ model: Model } | { status: number, message: string, signin?: boolean }}
   */
  function checkTurn(turn, verb) {
    if (!turn.model) return { status: 400, message: 'model is required' };
    const model = findModel(turn.model);
    if (!model) return { status: 404, message: `model '${turn.model}' not found` };
    if (turn.empty && keepAliveMs(turn.keepAlive) === 0) return { model };
    if (!model.capabilities.includes('thinking') && thinkRequested(turn.think)) {
      return { status: 400, message: `"${turn.model}" does not support thinking` };
    }
    if (!model.capabilities.includes('completion')) {
      return { status: 400, message: `"${turn.model}" does not support ${verb}` };
    }
    if (model.remote && !options.signedIn) {
      return { status: 401, message: 'unauthorized', signin: true };
    }
    const fullName = `registry.ollama.ai/library/${model.name}`;
    if (turn.tools.length > 0 && !model.capabilities.includes('tools')) {
      return { status: 400, message: `${fullName} does not support tools` };
    }
    if (turn.suffix && !model.capabilities.includes('insert')) {
      return { status: 400, message: `${fullName} does not support insert` };
    }
    return { model };
  }

  /**
   * llama-server's refusals: a prompt that does not fit the slot (it never drops messages), and an
   * image for a model started without its projector.
   * @param {Turn} turn @param {Model} model
   * @returns {{ status: number, body: object } | undefined}
   */
  function llamaCppRefusal(turn, model) {
    const nCtx = options.contextSize ?? DEFAULT_NUM_CTX;
    const nPrompt = truncatePrompt(turn.messages, Infinity, false).promptEvalCount;
    if (nPrompt >= nCtx) {
      const message = `request (${nPrompt} tokens) exceeds the available context size (${nCtx} tokens), try increasing it`;
      const error = {
        code: 400,
        message,
        type: 'exceed_context_size_error',
        n_prompt_tokens: nPrompt,
        n_ctx: nCtx,
      };
      return { status: 400, body: { error } };
    }
    if (!model.capabilities.includes('vision') && turn.messages.some((m) => m.images?.length)) {
      const message =
        'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj';
      return { status: 500, body: { error: { code: 500, message, type: 'server_error' } } };
    }
    // The projector decodes images with stb_image: PNG, JPEG, GIF (first frame), BMP and a few
    // others, but no WebP and no AVIF; what it cannot read fails the whole request.
    const images = turn.messages.flatMap((m) => m.images ?? []);
    if (
      images.some(
        (b64) =>
          !STB_IMAGE_SIGNATURES.some((sig) =>
            sig.test(Buffer.from(b64.slice(0, 16), 'base64').toString('latin1')),
          ),
      )
    ) {
      const message = 'Failed to load image or audio file';
      return { status: 400, body: { error: { code: 400, message, type: 'invalid_request_error' } } };
    }
    return undefined;
  }

  /** @param {Model} model @param {Turn} turn */
  function markLoaded(model, turn) {
    const ms = keepAliveMs(turn.keepAlive);
    if (ms === 0) loaded.delete(model.name);
    else {
      loaded.set(model.name, {
        expiresAt: Date.now() + ms,
        contextLength: Number(turn.options.num_ctx ?? DEFAULT_NUM_CTX),
      });
    }
  }

  /**
   * Validates a turn and answers it: errors, load/unload, faults, then the paced stream or the
   * whole reply.
   * @param {Ctx} ctx @param {Turn} turn @param {WireFormat} format @param {'chat' | 'generate'} verb
   */
  async function answerTurn(ctx, turn, format, verb) {
    const startedAt = now();
    const checked = checkTurn(turn, verb);
    if ('status' in checked && checked.signin) {
      // Ollama answers a cloud model's missing sign-in with its own body, on /v1 too.
      const signinUrl = `https://ollama.com/connect?name=${encodeURIComponent(hostname())}&key=${sha256('key').slice(0, 24)}`;
      return sendJson(ctx, 401, { error: 'unauthorized', signin_url: signinUrl });
    }
    if ('status' in checked)
      return sendJson(ctx, checked.status, format.errorBody(checked.status, checked.message));
    const { model } = checked;
    if (turn.empty) {
      const unload = keepAliveMs(turn.keepAlive) === 0;
      if (unload) loaded.delete(model.name);
      else markLoaded(model, turn);
      return sendJson(ctx, 200, format.loaded(unload ? 'unload' : 'load'));
    }

    if (isLlamaCpp()) {
      const refusal = llamaCppRefusal(turn, model);
      if (refusal) return sendJson(ctx, refusal.status, refusal.body);
    }

    // Faults are taken here, after validation and never by load requests, so a client's warm-up
    // call cannot eat the fault a test queued for the real turn.
    const fault = takeFault(model.name);
    const plan = planReply(turn, model);
    ctx.record.droppedMessages = plan.dropped;
    await sleep(ctx, options.firstByteDelayMs ?? 0);
    if (ctx.closed) return;

    if (fault?.kind === 'status') {
      const message = fault.message ?? statusMessage(fault.status, turn.model);
      return sendJson(ctx, fault.status, format.errorBody(fault.status, message));
    }
    if (fault?.kind === 'html502') return sendText(ctx, 502, NGINX_502, 'text/html');
    markLoaded(model, turn);

    const rate = options.rate ?? 0;
    const faultAt = fault ? Math.min(fault.afterTokens, plan.pieces.length) : plan.pieces.length;
    const faultMessage = fault?.message ?? ERR_RUNNER_STOPPED;
    const firstTokenAt = now();
    /** @param {number} evalCount */
    const summarize = (evalCount) => {
      const loadDuration = Math.round((options.loadDurationMs ?? DEFAULT_LOAD_DURATION_MS) * 1e6);
      const promptEvalDuration = plan.promptEvalCount * PROMPT_EVAL_NS_PER_TOKEN;
      // With a set rate the reported speed is exactly that rate; otherwise it is what was measured.
      const evalDuration =
        rate > 0
          ? Math.round((evalCount * 1e9) / rate)
          : Math.max(1, Math.round((now() - firstTokenAt) * 1e6));
      const measured = Math.round((now() - startedAt) * 1e6);
      return {
        doneReason: plan.doneReason,
        promptEvalCount: plan.promptEvalCount,
        evalCount,
        loadDuration,
        promptEvalDuration,
        evalDuration,
        totalDuration: Math.max(measured, loadDuration + promptEvalDuration + evalDuration),
      };
    };

    if (!turn.stream) {
      // Generation takes as long as it would have streamed; then one JSON object (or the failure).
      await sleep(ctx, rate > 0 ? (faultAt * 1000) / rate : 0);
      if (ctx.closed) return;
      if (fault?.kind === 'drop') return drop(ctx);
      if (fault?.kind === 'midstream-error') return sendJson(ctx, 500, format.errorBody(500, faultMessage));
      const text = (/** @type {Piece['kind']} */ kind) =>
        plan.pieces
          .filter((p) => p.kind === kind)
          .map((p) => p.text)
          .join('');
      return sendJson(
        ctx,
        200,
        format.whole(summarize(plan.pieces.length), text('content'), text('thinking')),
      );
    }

    if (fault?.kind === 'drop' && faultAt === 0) return drop(ctx);
    // An error before the first token still gets a status code (Ollama's streamResponse does this).
    if (fault?.kind === 'midstream-error' && faultAt === 0) {
      return sendJson(ctx, 500, format.errorBody(500, faultMessage));
    }
    writeHead(ctx, 200, { 'content-type': format.contentType });
    const written = await pace(ctx, faultAt, rate, (i) =>
      write(ctx, format.chunk(/** @type {Piece} */ (plan.pieces[i]))),
    );
    if (ctx.closed) return;
    if (fault?.kind === 'drop') return drop(ctx);
    if (fault?.kind === 'midstream-error') write(ctx, format.streamError(faultMessage));
    else write(ctx, format.end(summarize(written)));
    ctx.res.end();
  }

  // --- request parsing ------------------------------------------------------------------------

  /**
   * @param {Ctx} ctx @param {string} goType
   * @returns {{ body: Record<string, unknown> } | { error: string }}
   */
  function jsonBody(ctx, goType) {
    const error = goJsonError(ctx.raw, goType);
    if (error) return { error };
    return { body: JSON.parse(ctx.raw) ?? {} };
  }

  /** @param {Record<string, unknown>} body */
  function commonTurn(body) {
    const opts = body.options;
    return {
      model: typeof body.model === 'string' ? body.model : '',
      think: body.think,
      options: opts && typeof opts === 'object' ? /** @type {Record<string, unknown>} */ (opts) : {},
      tools: Array.isArray(body.tools) ? body.tools : [],
      keepAlive: body.keep_alive,
      suffix: '',
      body,
    };
  }

  /** @param {unknown} list @returns {ChatMessage[]} */
  function nativeMessages(list) {
    if (!Array.isArray(list)) return [];
    return list.map((m) => ({
      role: String(m?.role ?? ''),
      content: typeof m?.content === 'string' ? m.content : '',
      ...(Array.isArray(m?.images) ? { images: m.images } : {}),
    }));
  }

  /** @param {Record<string, unknown>} body @returns {Turn | string} a turn or a 400 message */
  function parseChat(body) {
    if (body.messages !== undefined && body.messages !== null && !Array.isArray(body.messages)) {
      return `json: cannot unmarshal ${typeof body.messages} into Go struct field ChatRequest.messages of type []api.Message`;
    }
    const messages = nativeMessages(body.messages);
    return { ...commonTurn(body), messages, stream: body.stream !== false, empty: messages.length === 0 };
  }

  /** @param {Record<string, unknown>} body @returns {Turn} */
  function parseGenerate(body) {
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    /** @type {ChatMessage[]} */
    const messages = [];
    if (typeof body.system === 'string' && body.system)
      messages.push({ role: 'system', content: body.system });
    messages.push({ role: 'user', content: prompt });
    return {
      ...commonTurn(body),
      messages,
      stream: body.stream !== false,
      suffix: typeof body.suffix === 'string' ? body.suffix : '',
      empty: prompt === '',
    };
  }

  /**
   * OpenAI chat request → turn, with the conversions of Ollama's middleware.
   * @param {Record<string, unknown>} body @returns {Turn | string} a turn or a 400 message
   */
  function parseOpenAI(body) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) return "[] is too short - 'messages'";
    /** @type {ChatMessage[]} */
    const messages = [];
    for (const m of body.messages) {
      const role = String(m?.role ?? '');
      if (typeof m?.content === 'string') {
        messages.push({ role, content: m.content });
      } else if (Array.isArray(m?.content)) {
        for (const part of m.content) {
          if (part?.type === 'text' && typeof part.text === 'string') {
            messages.push({ role, content: part.text });
          } else if (part?.type === 'image_url') {
            const url = typeof part.image_url === 'string' ? part.image_url : part.image_url?.url;
            const image = isLlamaCpp()
              ? llamaCppImageUrl(String(url ?? ''))
              : ollamaImageUrl(String(url ?? ''));
            if (image.error) return image.error;
            messages.push({ role, content: '', images: [image.base64] });
          } else {
            return 'invalid message format';
          }
        }
      } else if (!m?.tool_calls) {
        return `invalid message content type: ${m?.content === null ? '<nil>' : typeof m?.content}`;
      } else {
        messages.push({ role, content: '' });
      }
    }
    const effort =
      body.reasoning_effort ?? /** @type {{ effort?: unknown } | undefined} */ (body.reasoning)?.effort;
    const options = /** @type {Record<string, unknown>} */ ({});
    if (typeof body.max_tokens === 'number') options.num_predict = body.max_tokens;
    const streamOptions = /** @type {{ include_usage?: unknown } | undefined} */ (body.stream_options);
    return {
      ...commonTurn(body),
      messages,
      options,
      think: effort === undefined ? undefined : effort !== 'none',
      stream: body.stream === true,
      empty: false,
      includeUsage: streamOptions?.include_usage === true,
    };
  }

  // --- handlers -------------------------------------------------------------------------------

  /** @param {Model} m */
  function details(m) {
    return {
      parent_model: '',
      format: 'gguf',
      family: m.family,
      families: m.families,
      parameter_size: m.parameterSize,
      quantization_level: m.quantizationLevel,
    };
  }

  /** @param {Ctx} ctx @param {'chat' | 'generate'} verb */
  async function handleNative(ctx, verb) {
    const parsed = jsonBody(ctx, verb === 'chat' ? 'api.ChatRequest' : 'api.GenerateRequest');
    if ('error' in parsed) return sendJson(ctx, 400, ollamaError(parsed.error));
    // keep_alive is decoded with the body, so a bad one fails before the model is even looked up.
    const keepAlive = parseKeepAlive(parsed.body.keep_alive);
    if ('error' in keepAlive) return sendJson(ctx, 400, ollamaError(keepAlive.error));
    // Image models draw instead (images.mjs), as Ollama hands them to its image runner.
    const imageModel = verb === 'generate' ? findModel(String(parsed.body.model ?? '')) : undefined;
    if (imageModel?.capabilities.includes('image')) return images.generate(ctx, imageModel, parsed.body);
    const turn = verb === 'chat' ? parseChat(parsed.body) : parseGenerate(parsed.body);
    if (typeof turn === 'string') return sendJson(ctx, 400, ollamaError(turn));
    const format = verb === 'chat' ? chatFormat(turn.model) : generateFormat(turn.model);
    await answerTurn(ctx, turn, format, verb);
  }

  /**
   * /api/embed and Ollama's /v1/embeddings (openai.EmbedRequest → api.EmbedRequest → EmbeddingList).
   * Like Ollama, any installed model embeds (a chat model too); clients pick an embedding model.
   * @param {Ctx} ctx @param {'native' | 'openai'} api
   */
  function handleEmbed(ctx, api) {
    const startedAt = now();
    const fail = (/** @type {number} */ status, /** @type {string} */ message) =>
      sendJson(ctx, status, api === 'native' ? ollamaError(message) : openAIError(status, message));
    const parsed = jsonBody(ctx, api === 'native' ? 'api.EmbedRequest' : 'openai.EmbedRequest');
    if ('error' in parsed) return fail(400, parsed.error);
    if (api === 'native') {
      const keepAlive = parseKeepAlive(parsed.body.keep_alive);
      if ('error' in keepAlive) return fail(400, keepAlive.error);
    }
    const { model: name, input } = parsed.body;
    if (
      api === 'openai' &&
      (input === undefined || input === null || (Array.isArray(input) && input.length === 0))
    )
      return fail(400, 'invalid input');
    if (typeof name !== 'string' || !name) return fail(400, 'model is required');
    const m = findModel(name);
    if (!m) return fail(404, `model '${name}' not found`);
    const texts = embedInputs(input);
    if (typeof texts === 'string') return fail(400, texts);
    const embeddings = texts.map((t) => textEmbedding(t, m.embeddingLength));
    const promptEvalCount = texts.reduce((n, t) => n + Math.ceil(Array.from(t).length / 4), 0);
    if (api === 'openai') {
      return sendJson(ctx, 200, {
        object: 'list',
        data: embeddings.map((embedding, index) => ({ object: 'embedding', embedding, index })),
        model: name,
        usage: { prompt_tokens: promptEvalCount, total_tokens: promptEvalCount },
      });
    }
    const loadDuration = Math.round((options.loadDurationMs ?? DEFAULT_LOAD_DURATION_MS) * 1e6);
    sendJson(ctx, 200, {
      model: name,
      embeddings,
      total_duration: Math.max(loadDuration + 1, Math.round((now() - startedAt) * 1e6)),
      load_duration: loadDuration,
      prompt_eval_count: promptEvalCount,
    });
  }
  const images = createImageRoutes({
    options,
    findModel,
    takeFault,
    jsonBody,
    sendJson,
    sendText,
    writeHead,
    write,
    sleep,
    drop,
    goTimestamp,
  });

  /** @type {Record<string, (ctx: Ctx) => void | Promise<void>>} */
  const routes = {
    'GET /': (ctx) => sendText(ctx, 200, 'Ollama is running'),
    'GET /api/version': (ctx) => sendJson(ctx, 200, { version: options.version }),
    'GET /api/tags': (ctx) => {
      const list = [...models]
        .sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt))
        .map((m) => ({
          name: m.name,
          model: m.name,
          modified_at: m.modifiedAt,
          size: m.size,
          digest: m.digest,
          details: details(m),
          ...(options.tagsCapabilities ? { capabilities: m.capabilities } : {}),
        }));
      sendJson(ctx, 200, { models: list });
    },
    'GET /api/ps': (ctx) => {
      const list = [];
      for (const [name, entry] of loaded) {
        const m = findModel(name);
        if (!m || entry.expiresAt <= Date.now()) continue;
        list.push({
          name: m.name,
          model: m.name,
          size: m.size,
          digest: m.digest,
          details: details(m),
          expires_at: goTimestamp(entry.expiresAt),
          size_vram: m.size,
          context_length: entry.contextLength,
        });
      }
      sendJson(ctx, 200, { models: list });
    },
    'POST /api/show': (ctx) => {
      const parsed = jsonBody(ctx, 'api.ShowRequest');
      if ('error' in parsed) return sendJson(ctx, 400, ollamaError(parsed.error));
      const name = String(parsed.body.model || parsed.body.name || '');
      if (!name) return sendJson(ctx, 400, ollamaError('model is required'));
      const m = findModel(name);
      if (!m) return sendJson(ctx, 404, ollamaError(`model '${name}' not found`));
      sendJson(ctx, 200, showResponse(m));
    },
    'POST /api/chat': (ctx) => handleNative(ctx, 'chat'),
    'POST /api/generate': (ctx) => handleNative(ctx, 'generate'),
    'POST /api/pull': handlePull,
    'DELETE /api/delete': (ctx) => {
      const parsed = jsonBody(ctx, 'api.DeleteRequest');
      if ('error' in parsed) return sendJson(ctx, 400, ollamaError(parsed.error));
      const name = String(parsed.body.model || parsed.body.name || '');
      if (!name) return sendJson(ctx, 400, ollamaError(`name "${name}" is invalid`));
      const m = findModel(name);
      if (!m) return sendJson(ctx, 404, ollamaError(`model '${name}' not found`));
      models = models.filter((x) => x !== m);
      loaded.delete(m.name);
      sendEmpty(ctx, 200);
    },
    'POST /api/embed': (ctx) => handleEmbed(ctx, 'native'),
    'POST /v1/embeddings': (ctx) => handleEmbed(ctx, 'openai'),
    'GET /props': (ctx) => {
      if (!isLlamaCpp()) return sendText(ctx, 404, '404 page not found');
      const m = models[0];
      sendJson(ctx, 200, {
        default_generation_settings: {
          n_ctx: options.contextSize ?? DEFAULT_NUM_CTX,
          // float32 values as llama.cpp prints them
          params: {
            temperature: 0.800000011920929,
            top_k: 40,
            top_p: 0.949999988079071,
            min_p: 0.05000000074505806,
            repeat_penalty: 1,
          },
        },
        total_slots: 1,
        model_alias: m?.name ?? '',
        model_path: m?.name ?? '',
        modalities: { vision: m?.capabilities.includes('vision') ?? false, audio: false },
        build_info: 'b6000-fake',
      });
    },
    'GET /openai/models': (ctx) => {
      if (!isFoundry()) return sendText(ctx, 404, '404 page not found');
      sendJson(
        ctx,
        200,
        models.map((m) => m.name),
      );
    },
    'GET /openai/status': (ctx) => {
      if (!isFoundry()) return sendText(ctx, 404, '404 page not found');
      sendJson(ctx, 200, {
        Endpoints: [`http://${ctx.req.headers.host ?? 'localhost'}`],
        ModelDirPath: '/home/user/.foundry/cache/models',
        PipeName: 'inference_agent',
      });
    },
    'GET /v1/models': (ctx) => {
      if (isFoundry()) return sendEmpty(ctx, 404);
      const data = models.map((m) => ({
        id: m.name,
        object: 'model',
        created: Math.floor(Date.parse(m.modifiedAt) / 1000),
        owned_by: isLlamaCpp() ? 'llamacpp' : 'library',
        ...(options.modelTypes && { type: modelType(m) }),
      }));
      // Go marshals an empty (nil) slice as null, and Ollama really answers `data: null`.
      sendJson(ctx, 200, { object: 'list', data: data.length > 0 ? data : null });
    },
    'POST /v1/images/generations': (ctx) => images.openAIGenerations(ctx),
    'POST /v1/chat/completions': async (ctx) => {
      let turn;
      if (ctx.raw.trim() === '') turn = 'EOF';
      else {
        const parsed = jsonBody(ctx, 'openai.ChatCompletionRequest');
        turn = 'error' in parsed ? parsed.error : parseOpenAI(parsed.body);
      }
      if (typeof turn === 'string') return sendJson(ctx, 400, openAIError(400, turn));
      const format = openAIFormat(
        turn.model,
        turn.includeUsage === true,
        isLlamaCpp() ? 'b6000-fake' : isFoundry() ? null : 'fp_ollama',
      );
      await answerTurn(ctx, turn, format, 'chat');
    },
  };

  /** @param {Model} m */
  function showResponse(m) {
    const arch = m.family;
    const modelfile =
      '# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n' +
      `# FROM ${m.name}\n\nFROM /root/.ollama/models/blobs/sha256-${m.digest}\n` +
      `TEMPLATE """${m.template}"""\n` +
      (m.parameters ? m.parameters.replace(/^(\S+)\s+/gm, 'PARAMETER $1 ') + '\n' : '') +
      (m.license ? `LICENSE """${m.license}"""\n` : '');
    return {
      ...(m.license ? { license: m.license } : {}),
      modelfile,
      ...(m.parameters ? { parameters: m.parameters } : {}),
      template: m.template,
      ...(m.system ? { system: m.system } : {}),
      details: details(m),
      model_info: {
        'general.architecture': arch,
        'general.basename': m.name.split(':')[0],
        'general.file_type': 15,
        'general.parameter_count': parameterCount(m.parameterSize),
        'general.quantization_version': 2,
        [`${arch}.attention.head_count`]: 32,
        [`${arch}.block_count`]: 28,
        [`${arch}.context_length`]: m.contextLength,
        [`${arch}.embedding_length`]: m.embeddingLength,
        'tokenizer.ggml.model': arch === 'bert' ? 'bert' : 'gpt2',
      },
      capabilities: m.capabilities,
      modified_at: m.modifiedAt,
    };
  }

  /** NDJSON progress like a real pull, a few hundred milliseconds in all. @param {Ctx} ctx */
  async function handlePull(ctx) {
    const parsed = jsonBody(ctx, 'api.PullRequest');
    if ('error' in parsed) return sendJson(ctx, 400, ollamaError(parsed.error));
    const name = String(parsed.body.model || parsed.body.name || '');
    if (!name) return sendJson(ctx, 400, ollamaError('invalid model name'));
    const wanted = canonicalName(name);
    const def = [...models, ...PULLABLE_MODELS].find((d) => canonicalName(d.name) === wanted);
    const stream = parsed.body.stream !== false;

    const digest = sha256(`blob:${wanted}`);
    const total = def?.size ?? 0;
    /** @type {object[]} */
    const lines = [{ status: 'pulling manifest' }];
    if (def) {
      const layer = { status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total };
      lines.push(layer); // `completed` is missing at first, as in Ollama
      for (let k = 1; k <= 8; k++) lines.push({ ...layer, completed: Math.round((total * k) / 8) });
      for (const [label, bytes] of /** @type {const} */ ([
        ['template', 1429],
        ['license', 7711],
        ['params', 96],
      ])) {
        const d = sha256(`${label}:${wanted}`);
        lines.push({
          status: `pulling ${d.slice(0, 12)}`,
          digest: `sha256:${d}`,
          total: bytes,
          completed: bytes,
        });
      }
      lines.push(
        { status: 'verifying sha256 digest' },
        { status: 'writing manifest' },
        { status: 'success' },
      );
    }
    const STEP_MS = 20;

    if (!stream) {
      await sleep(ctx, STEP_MS * lines.length);
      if (ctx.closed) return;
      if (!def) return sendJson(ctx, 500, ollamaError(ERR_PULL_MISSING));
      installPulled(def);
      return sendJson(ctx, 200, { status: 'success' });
    }
    writeHead(ctx, 200, { 'content-type': NDJSON_TYPE });
    const written = await pace(ctx, lines.length, 1000 / STEP_MS, (i) =>
      write(ctx, JSON.stringify(lines[i]) + '\n'),
    );
    if (ctx.closed) return;
    if (!def) write(ctx, JSON.stringify(ollamaError(ERR_PULL_MISSING)) + '\n');
    else if (written === lines.length) installPulled(def);
    ctx.res.end();
  }

  /** @param {ModelDef} def */
  function installPulled(def) {
    const model = normalizeModel({ ...def, modifiedAt: goTimestamp() }, 0);
    models = [...models.filter((m) => m.name !== model.name), model];
  }

  // --- the request pipeline -------------------------------------------------------------------

  /** @param {Ctx} ctx */
  function corsStep(ctx) {
    const origin = ctx.req.headers.origin;
    const host = ctx.req.headers.host ?? '';
    // No Origin, or the request's own host: not a CORS request (gin-contrib/cors lets it through).
    if (!origin || origin === `http://${host}` || origin === `https://${host}`) return 'pass';
    if (!originAllowed(originPolicy, origin)) {
      sendEmpty(ctx, 403);
      return 'done';
    }
    if (originPolicy.allowAll) ctx.cors = { 'access-control-allow-origin': '*' };
    else ctx.cors = { 'access-control-allow-origin': origin, vary: 'Origin' };
    if (ctx.req.method !== 'OPTIONS') return 'pass';
    const asked = ctx.req.headers['access-control-request-headers'];
    ctx.cors = {
      'access-control-allow-methods': CORS_ALLOW_METHODS,
      'access-control-allow-headers':
        options.allowAnyHeaders && typeof asked === 'string' ? asked : CORS_ALLOW_HEADERS,
      'access-control-max-age': CORS_MAX_AGE,
      ...(originPolicy.allowAll
        ? { 'access-control-allow-origin': '*' }
        : {
            'access-control-allow-origin': origin,
            vary: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'],
          }),
    };
    sendEmpty(ctx, 204);
    return 'done';
  }

  /**
   * The proxy in front: basic auth on everything, or an API key on /api and /v1. Preflights never
   * reach here, and 401s carry the CORS headers (nginx `add_header … always`) so pages can read them.
   * @param {Ctx} ctx
   */
  function authStep(ctx) {
    if (ctx.req.method === 'OPTIONS') return 'pass';
    const given = ctx.req.headers.authorization ?? '';
    if (options.basicAuth) {
      const { username, password } = options.basicAuth;
      const expected = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
      if (given === expected) return 'pass';
      ctx.cors = { ...ctx.cors, 'www-authenticate': 'Basic realm="Ollama"' };
      sendJson(ctx, 401, ollamaError('unauthorized'));
      return 'done';
    }
    if (options.bearer && /^\/(api|v1)\//.test(ctx.url.pathname)) {
      if (given === `Bearer ${options.bearer}`) return 'pass';
      ctx.cors = { ...ctx.cors, 'www-authenticate': 'Bearer' };
      const body = ctx.url.pathname.startsWith('/v1/')
        ? openAIError(401, 'Invalid API key', 'invalid_api_key')
        : ollamaError('unauthorized');
      sendJson(ctx, 401, body);
      return 'done';
    }
    return 'pass';
  }

  /** @param {Ctx} ctx */
  async function route(ctx) {
    const method = ctx.req.method ?? 'GET';
    const path = ctx.url.pathname;
    // HEAD is served where Ollama registers it; Node leaves the body out by itself.
    const handler = routes[`${method === 'HEAD' && HEAD_PATHS.has(path) ? 'GET' : method} ${path}`];
    if (handler) return handler(ctx);
    // gin: a known path with another method is 405, anything else 404, both as plain text.
    const known = Object.keys(routes).some((key) => key.slice(key.indexOf(' ') + 1) === path);
    if (known) sendText(ctx, 405, '405 method not allowed');
    else sendText(ctx, 404, '404 page not found');
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://fake-ollama');
    /** @type {RecordedRequest} */
    const record = {
      id: nextId++,
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: { ...req.headers },
      body: undefined,
      startedAt: now(),
      status: 0,
      closedEarly: false,
      dropped: false,
      chunksWritten: 0,
    };
    const aborter = new AbortController();
    /** @type {Ctx} */
    const ctx = {
      req,
      res,
      record,
      url,
      raw: '',
      cors: {},
      closed: false,
      signal: aborter.signal,
      dropped: false,
    };
    res.on('finish', () => {
      record.endedAt = now();
      changed();
    });
    res.on('close', () => {
      ctx.closed = true;
      if (!res.writableFinished && !ctx.dropped) {
        record.closedEarly = true;
        record.closedAt = now();
      }
      aborter.abort();
      changed();
    });

    ctx.raw = await readBody(req);
    if (ctx.raw !== '') {
      try {
        record.body = JSON.parse(ctx.raw);
      } catch {
        record.body = ctx.raw;
      }
    }
    requests.push(record);
    changed();
    if (ctx.closed) return;

    if (corsStep(ctx) === 'done') return;
    const redirect = options.redirect;
    if (redirect && (!redirect.paths || redirect.paths.includes(url.pathname))) {
      return sendEmpty(ctx, redirect.status ?? 307, {
        location: redirect.to.replace(/\/$/, '') + url.pathname,
      });
    }
    if (options.hostGuard && isLoopback(options.host) && !hostAllowed(req.headers.host)) {
      return sendEmpty(ctx, 403);
    }
    if (authStep(ctx) === 'done') return;
    await route(ctx);
  }

  const server = http.createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req, res).catch((error) => {
      console.error('[fake-ollama]', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify(ollamaError(String(error?.message ?? error))));
      } else res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;

  /**
   * @template T
   * @param {() => T | undefined} check @param {number} timeoutMs @param {string} what
   * @returns {Promise<T>}
   */
  function waitFor(check, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        watchers.delete(run);
      };
      const run = () => {
        try {
          const value = check();
          if (value === undefined) return;
          finish();
          resolve(value);
        } catch (error) {
          finish();
          reject(error);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`fake-ollama: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      watchers.add(run);
      run();
    });
  }

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    requests,
    setOptions(partial) {
      if (partial.origins) originPolicy = compileOriginPolicy(partial.origins);
      Object.assign(options, partial);
      // The flavour decides how names are kept, so the list is rebuilt after it is known.
      if (partial.models) baselineModels = partial.models;
      if (partial.models || partial.flavor) {
        models = baselineModels.map((d, i) => normalizeModel(d, i, keepsNames()));
      }
    },
    fault(spec) {
      const kinds = ['midstream-error', 'drop', 'status', 'html502'];
      if (!kinds.includes(spec.kind)) throw new Error(`fake-ollama: unknown fault kind ${spec.kind}`);
      faults.push({
        kind: spec.kind,
        afterTokens: spec.afterTokens ?? 3,
        status: spec.status ?? 500,
        message: spec.message,
        model: spec.model === undefined ? undefined : canonicalName(spec.model),
        times: spec.times ?? 1,
      });
    },
    clearFaults() {
      faults = [];
    },
    reset() {
      requests.length = 0;
      faults = [];
      models = baselineModels.map((d, i) => normalizeModel(d, i, keepsNames()));
      loaded.clear();
    },
    waitForRequest(predicate, timeoutMs = 5000) {
      return waitFor(() => requests.find(predicate), timeoutMs, 'a matching request');
    },
    waitForClose(request, timeoutMs = 5000) {
      return waitFor(
        () => (request.closedEarly || request.endedAt !== undefined ? request : undefined),
        timeoutMs,
        `request #${request.id} to close`,
      );
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Ollama's text for a status, used by 'status' faults without a message. @param {number} status @param {string} model */
function statusMessage(status, model) {
  if (status === 503) return ERR_BUSY;
  if (status === 500) return ERR_RUNNER_STOPPED;
  if (status === 404) return `model '${model}' not found`;
  return (http.STATUS_CODES[status] ?? `status ${status}`).toLowerCase();
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', done);
    // A client that gives up mid-upload: answer with what arrived; the close handler marks it.
    req.on('error', done);
    req.on('close', done);
  });
}
