// The in-page engine: wllama (llama.cpp compiled to WebAssembly, run in a Worker). This module is a
// lazy chunk: only `import()`ed when a browser model is used, so the engine and its 10 MB .wasm
// never weigh on the first load. The .wasm is served from our own origin (Vite emits it).
//
// One model is loaded at a time and one request runs at a time: a second request waits for the
// first, and a request for another model (or another context size) reloads the engine.
import { Wllama, type ChatCompletionChunk } from '@wllama/wllama';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { engineMessages, PLAIN_TEMPLATE, samplingFields } from './options';
import { chooseRuntime, probeRuntimeEnv, type Runtime } from './runtime';
import { openStoredModel } from './store';
import type { ChatMessage, GenerationOptions } from '../providers/types';

interface Loaded {
  name: string;
  nCtx: number;
  wllama: Wllama;
  plainTemplate: boolean;
  runtime: Runtime;
}

export interface EngineRequest {
  model: string;
  messages: ChatMessage[];
  options?: GenerationOptions;
  nCtx: number;
  signal?: AbortSignal;
}

export interface EngineChunk {
  text: string;
  finishReason?: string | null;
  timings?: ChatCompletionChunk['timings'];
}

export interface EngineRun {
  /** Milliseconds spent loading the model for this request (0 when it was already loaded). */
  loadMs: number;
  plainTemplate: boolean;
  chunks: AsyncIterable<ChatCompletionChunk>;
}

let current: Loaded | null = null;
/** The tail of the queue: each request waits for the one before it to finish. */
let tail: Promise<void> = Promise.resolve();

// llama.cpp's own log is long; warnings and errors still reach the console.
const quiet = { debug: () => {}, log: () => {}, warn: console.warn, error: console.error };

export function loadedModel(): { name: string; nCtx: number } | null {
  return current && { name: current.name, nCtx: current.nCtx };
}

export async function unload(): Promise<void> {
  const c = current;
  current = null;
  await c?.wllama.exit().catch(() => undefined);
}

async function load(name: string, nCtx: number): Promise<{ loaded: Loaded; loadMs: number }> {
  if (current && current.name === name && current.nCtx === nCtx) return { loaded: current, loadMs: 0 };
  await unload();
  const started = performance.now();
  const runtime = chooseRuntime(await probeRuntimeEnv());
  if (runtime.kind === 'unsupported') throw new Error(runtime.reason);
  const { model, files } = await openStoredModel(name);
  const wllama = new Wllama({ default: wasmUrl }, { suppressNativeLog: true, logger: quiet });
  const plainTemplate = !model.hasChatTemplate;
  try {
    await wllama.loadModel(files, {
      n_ctx: nCtx,
      n_threads: runtime.threads,
      n_gpu_layers: runtime.gpu ? undefined : 0,
      n_parallel: 1,
      ...(plainTemplate ? { chat_template: PLAIN_TEMPLATE, jinja: true } : {}),
    });
  } catch (e) {
    await wllama.exit().catch(() => undefined);
    throw e;
  }
  current = { name, nCtx, wllama, plainTemplate, runtime };
  return { loaded: current, loadMs: performance.now() - started };
}

/**
 * Waits its turn, loads the model if needed, and starts a streamed chat completion. `release` must
 * be called when the caller is done with the stream (finished, stopped or failed).
 */
export async function startChat(req: EngineRequest): Promise<EngineRun & { release: () => void }> {
  let release!: () => void;
  const turn = new Promise<void>((r) => (release = r));
  const before = tail;
  tail = before.then(() => turn);
  try {
    await before;
    req.signal?.throwIfAborted();
    const { loaded, loadMs } = await load(req.model, req.nCtx);
    req.signal?.throwIfAborted();
    const params = {
      messages: engineMessages(req.messages),
      stream: true as const,
      abortSignal: req.signal,
      ...samplingFields(req.options, loaded.plainTemplate),
    };
    const chunks = await loaded.wllama.createChatCompletion(params);
    return { loadMs, plainTemplate: loaded.plainTemplate, chunks, release };
  } catch (e) {
    release();
    throw e;
  }
}
