// "This browser": GGUF files run inside the page by wllama, behind the same Provider interface as a
// server. The models are the files the user added (kept in OPFS). This module loads on first use
// (src/lib/providers/browser.ts is the small front in the initial bundle); the engine and its .wasm
// are a further lazy chunk, loaded on the first chat.
import type { ChatCompletionChunk } from '@wllama/wllama';
import { inpageText } from '../i18n/inpage';
import { contextSize } from './options';
import { chooseRuntime, probeRuntimeEnv } from './runtime';
import { listStoredModels, ModelStoreError, type StoredModel } from './store';
import { ProviderError } from '../providers/errors';
import type {
  ChatChunk,
  ChatRequest,
  ChatStats,
  LoadedModel,
  ModelDetails,
  ModelSummary,
  OptionName,
  Provider,
  PullProgress,
} from '../providers/types';

const engine = () => import('./engine');

/** wllama's version, shown as this "server"'s version. */
const ENGINE = 'wllama 3.13';

function summary(m: StoredModel): ModelSummary {
  return {
    name: m.name,
    size: m.size,
    family: m.architecture,
    quantization: m.quantization,
    modifiedAt: new Date(m.addedAt).toISOString(),
    capabilities: ['completion'],
    contextLength: m.contextLength,
  };
}

function failure(e: unknown, model?: string): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new ProviderError('aborted', { model });
  if (e instanceof Error && e.name === 'AbortError') return new ProviderError('aborted', { model });
  if (e instanceof ModelStoreError && e.message === inpageText.noSuchModel(model ?? ''))
    return new ProviderError('model-not-found', { serverKind: 'browser', model }, { cause: e });
  const text = e instanceof Error ? e.message : String(e);
  return new ProviderError('in-page', { serverKind: 'browser', model, serverText: text }, { cause: e });
}

/** Resolves when the signal aborts, so a Stop never waits for the engine's next token. */
function whenAborted(signal: AbortSignal | undefined): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

export function statsFrom(last: ChatCompletionChunk | undefined, loadMs: number): ChatStats {
  const t = last?.timings;
  const stats: ChatStats = {};
  if (t) {
    stats.evalCount = t.predicted_n;
    stats.evalDurationNs = Math.round(t.predicted_ms * 1e6);
    stats.promptEvalCount = t.prompt_n;
    stats.promptEvalDurationNs = Math.round(t.prompt_ms * 1e6);
    stats.totalDurationNs = Math.round((t.prompt_ms + t.predicted_ms + loadMs) * 1e6);
  }
  if (loadMs > 0) stats.loadDurationNs = Math.round(loadMs * 1e6);
  const reason = last?.choices[0]?.finish_reason;
  if (reason) stats.doneReason = reason;
  return stats;
}

export class InPageProvider implements Provider {
  readonly kind = 'browser' as const;
  readonly canManageModels = false;
  readonly unsupportedOptions: ReadonlySet<OptionName> = new Set<OptionName>(['keep_alive']);

  async version(): Promise<string> {
    const runtime = chooseRuntime(await probeRuntimeEnv());
    if (runtime.kind === 'unsupported')
      throw new ProviderError('in-page', { serverKind: 'browser', serverText: runtime.reason });
    return `${ENGINE} · ${runtime.label}`;
  }

  async listModels(): Promise<ModelSummary[]> {
    try {
      return (await listStoredModels()).map(summary);
    } catch (e) {
      throw failure(e);
    }
  }

  async modelDetails(model: string): Promise<ModelDetails> {
    const found = (await listStoredModels().catch((e: unknown) => Promise.reject(failure(e)))).find(
      (m) => m.name === model,
    );
    if (!found) throw new ProviderError('model-not-found', { serverKind: 'browser', model });
    const s = summary(found);
    return {
      ...s,
      capabilities: ['completion'],
      parameters: found.hasChatTemplate ? {} : { template: inpageText.noTemplate },
    };
  }

  async loadedModels(): Promise<LoadedModel[]> {
    // Asking must not pull the engine in: only an already loaded engine module can answer.
    const loaded = engineModule?.loadedModel();
    if (!loaded) return [];
    const m = (await listStoredModels()).find((x) => x.name === loaded.name);
    return [{ name: loaded.name, size: m?.size ?? 0, sizeVram: 0, contextLength: loaded.nCtx }];
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const stream = req.stream ?? true;
    const stored = (
      await listStoredModels().catch((e: unknown) => Promise.reject(failure(e, req.model)))
    ).find((m) => m.name === req.model);
    if (!stored) throw new ProviderError('model-not-found', { serverKind: 'browser', model: req.model });
    let run: Awaited<ReturnType<Awaited<ReturnType<typeof engine>>['startChat']>>;
    try {
      engineModule = await engine();
      run = await engineModule.startChat({
        model: req.model,
        messages: req.messages,
        options: req.options,
        nCtx: contextSize(req.options, stored.contextLength),
        signal: req.signal,
      });
    } catch (e) {
      throw failure(e, req.model);
    }
    const aborted = whenAborted(req.signal);
    const it = run.chunks[Symbol.asyncIterator]();
    let last: ChatCompletionChunk | undefined;
    let whole = '';
    let wholeThinking = '';
    try {
      for (;;) {
        const next = await Promise.race([it.next(), aborted]);
        if (next === 'aborted') throw new ProviderError('aborted', { model: req.model });
        if (next.done) break;
        last = next.value;
        const delta = next.value.choices[0]?.delta;
        // llama-server splits a reasoning model's thinking into `reasoning_content` (not in wllama's types).
        const thinking = (delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
        if (thinking) {
          if (stream) yield { type: 'thinking', text: thinking };
          else wholeThinking += thinking;
        }
        const text = delta?.content ?? '';
        if (!text) continue;
        if (stream) yield { type: 'content', text };
        else whole += text;
      }
    } catch (e) {
      throw failure(e, req.model);
    } finally {
      // Let the engine finish its own abort before the next request takes the turn.
      void it.return?.().catch(() => undefined);
      run.release();
    }
    if (!stream && wholeThinking) yield { type: 'thinking', text: wholeThinking };
    if (!stream && whole) yield { type: 'content', text: whole };
    yield { type: 'done', stats: statsFrom(last, run.loadMs) };
  }

  // eslint-disable-next-line require-yield -- the generator only exists to fail like the interface says
  async *pull(model: string): AsyncGenerator<PullProgress, void, undefined> {
    throw new ProviderError('unsupported', { serverKind: 'browser', operation: 'pull', model });
  }

  deleteModel(model: string): Promise<void> {
    return Promise.reject(
      new ProviderError('unsupported', { serverKind: 'browser', operation: 'delete', model }),
    );
  }
}

let engineModule: Awaited<ReturnType<typeof engine>> | undefined;
