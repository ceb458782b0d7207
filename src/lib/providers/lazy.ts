// A provider whose implementation loads on first use: OpenAI-compatible servers are the exception
// on a course's page, so their code is not part of the first load.
import type {
  ChatChunk,
  ChatRequest,
  LoadedModel,
  ModelDetails,
  ModelSummary,
  OptionName,
  Provider,
  PullProgress,
  ServerKind,
  ServerProps,
} from './types';

export class LazyProvider implements Provider {
  readonly kind: ServerKind;
  readonly canManageModels: boolean;
  readonly unsupportedOptions: ReadonlySet<OptionName>;
  readonly #load: () => Promise<Provider>;
  #impl: Promise<Provider> | undefined;

  constructor(
    fixed: { kind: ServerKind; canManageModels: boolean; unsupportedOptions: readonly OptionName[] },
    load: () => Promise<Provider>,
  ) {
    this.kind = fixed.kind;
    this.canManageModels = fixed.canManageModels;
    this.unsupportedOptions = new Set(fixed.unsupportedOptions);
    this.#load = load;
  }

  #get(): Promise<Provider> {
    return (this.#impl ??= this.#load());
  }

  async version(signal?: AbortSignal): Promise<string> {
    return (await this.#get()).version(signal);
  }
  async listModels(signal?: AbortSignal): Promise<ModelSummary[]> {
    return (await this.#get()).listModels(signal);
  }
  async modelDetails(model: string, signal?: AbortSignal): Promise<ModelDetails> {
    return (await this.#get()).modelDetails(model, signal);
  }
  async loadedModels(signal?: AbortSignal): Promise<LoadedModel[]> {
    return (await this.#get()).loadedModels(signal);
  }
  async serverProps(signal?: AbortSignal): Promise<ServerProps | undefined> {
    const impl = await this.#get();
    return impl.serverProps?.(signal);
  }
  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    yield* (await this.#get()).chat(req);
  }
  async *pull(model: string, signal?: AbortSignal): AsyncGenerator<PullProgress, void, undefined> {
    yield* (await this.#get()).pull(model, signal);
  }
  async deleteModel(model: string, signal?: AbortSignal): Promise<void> {
    return (await this.#get()).deleteModel(model, signal);
  }
}
