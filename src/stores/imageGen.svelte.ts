// Pictures from words: which models draw. This part is on the first load, because the model
// picker, the composer and Compare must know at once whether a model draws (and `models.pick`
// keeps such a chat's model). Drawing itself (the prompt's settings, progress, the viewer, saving
// and reusing a picture) is imageDrawing.svelte.ts, loaded with the first prompt or drawing shown.
// A drawing is a turn like any other: the prompt is the question, the pictures are the answer's
// `imageIds`.
import type { ImageOutcome } from '../lib/images/job';
import { isImageModel } from '../lib/providers/imageTypes';
import type { ModelSummary } from '../lib/providers/types';
import type { MessageRecord } from '../lib/storage/types';
import { models } from './models.svelte';
import { notify } from './notify.svelte';
import { servers } from './servers.svelte';

const drawing = async () => (await import('./imageDrawing.svelte')).imageDrawing;

/**
 * Where the names of image models added by hand are kept, per server. localStorage rather than
 * IndexedDB: choosing the chat's model at start-up (`models.pick`) is synchronous and must already
 * know them, or a chat with such a model would be moved to a chat model on every reload.
 */
const ADDED_KEY = 'causerie:imageModels';

function readAdded(): Record<string, string[]> {
  try {
    const v: unknown = JSON.parse(globalThis.localStorage?.getItem(ADDED_KEY) ?? '{}');
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, string[]> = {};
    for (const [k, list] of Object.entries(v)) {
      if (Array.isArray(list)) out[k] = list.filter((x): x is string => typeof x === 'string');
    }
    return out;
  } catch {
    return {};
  }
}

class ImageGenStore {
  #added = $state<Record<string, string[]>>(readAdded());

  /** Image models of a server: those it says draw, and those added by name. */
  imageModels(serverId: string): ModelSummary[] {
    const listed = (models.entry(serverId)?.models ?? []).filter(isImageModel);
    const added = (this.#added[serverId] ?? [])
      .filter((name) => !listed.some((x) => x.name === name))
      .map((name): ModelSummary => ({ name, capabilities: ['image'] }));
    return [...listed, ...added];
  }

  isImageModel(serverId: string | null | undefined, model: string | undefined): boolean {
    if (!serverId || !model) return false;
    return this.imageModels(serverId).some((x) => x.name === model);
  }

  /**
   * Whether image models can be added by name here. Ollama tells which of its models draw (capability
   * `image`, from its list or `/api/show`), and a model run in the page never draws: only an
   * OpenAI-compatible server, whose list says nothing about drawing, needs the name typed.
   */
  canAddModels(serverId: string | null | undefined): boolean {
    return !!serverId && servers.byId(serverId)?.kind === 'openai';
  }

  /** Adds an image model by name (servers that do not say which of their models draw). */
  async addModel(serverId: string, name: string): Promise<void> {
    const clean = name.trim();
    if (!clean) return;
    const list = this.#added[serverId] ?? [];
    if (!list.includes(clean)) this.#added = { ...this.#added, [serverId]: [...list, clean] };
    await notify.guard(
      async () => globalThis.localStorage?.setItem(ADDED_KEY, JSON.stringify($state.snapshot(this.#added))),
      { source: 'storage' },
    );
  }

  /** Draws the prompt with the chat's image model. False when nothing was sent. */
  async send(prompt: string): Promise<boolean> {
    return (await drawing()).send(prompt);
  }

  /** The same prompt again with a new seed; the earlier pictures stay as an alternative (‹ 1 / 2 ›). */
  async regenerate(answer: MessageRecord): Promise<boolean> {
    return (await drawing()).regenerate(answer);
  }

  /**
   * Draws `prompt` (with the image prompt's settings) into an answer that beginTurn created, for
   * Compare. Never throws: a failure is in the message and the alert.
   */
  async drawPrompt(
    answer: MessageRecord,
    prompt: string,
    serverId: string,
    signal: AbortSignal,
  ): Promise<ImageOutcome> {
    const d = await drawing();
    return d.drawInto(answer, d.settingsFor(prompt, serverId), signal);
  }

  /** Forgets what is in memory (tests start from nothing). */
  reset(): void {
    this.#added = readAdded();
  }
}

/** The picker's "Add an image model…" entry; no model is named like this. */
export const ADD_IMAGE_MODEL = '\u0000add-image-model';

export const imageGen = new ImageGenStore();
// The chat's model may be an image model: picking a model keeps it (see models.pick).
models.offerAlso((serverId) => imageGen.imageModels(serverId).map((x) => x.name));
