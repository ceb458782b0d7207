// "This browser" (kind `browser`): a GGUF model run inside the page. This is only the front the
// factory returns; the implementation (src/lib/inpage/provider.ts, OPFS store and GGUF reader) loads
// on first use and the engine (wllama and its .wasm) on the first chat, so none of it weighs on the
// initial bundle.
import type {
  ChatChunk,
  ChatRequest,
  LoadedModel,
  ModelDetails,
  ModelSummary,
  OptionName,
  Provider,
  PullProgress,
} from './types';

type Impl = import('../inpage/provider').InPageProvider;
let impl: Promise<Impl> | undefined;
const load = (): Promise<Impl> => (impl ??= import('../inpage/provider').then((m) => new m.InPageProvider()));

export class BrowserProvider implements Provider {
  readonly kind = 'browser' as const;
  readonly canManageModels = false;
  /** The engine lives as long as the tab; there is nothing to keep alive. */
  readonly unsupportedOptions: ReadonlySet<OptionName> = new Set<OptionName>(['keep_alive']);

  async version(): Promise<string> {
    return (await load()).version();
  }
  async listModels(): Promise<ModelSummary[]> {
    return (await load()).listModels();
  }
  async modelDetails(model: string): Promise<ModelDetails> {
    return (await load()).modelDetails(model);
  }
  async loadedModels(): Promise<LoadedModel[]> {
    return (await load()).loadedModels();
  }
  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    yield* (await load()).chat(req);
  }
  async *pull(model: string): AsyncGenerator<PullProgress, void, undefined> {
    yield* (await load()).pull(model);
  }
  async deleteModel(model: string): Promise<void> {
    return (await load()).deleteModel(model);
  }
}
