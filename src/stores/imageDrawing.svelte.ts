// Drawing pictures from words, loaded with the first image prompt or drawing shown (imageGen.svelte.ts,
// on the first load, knows which models draw): the image prompt's settings, starting and following
// drawings (each an ImageJob, lib/images/job.ts, whose code loads with the first drawing), and
// looking at, saving and reusing a picture.
import type { ImageOutcome } from '../lib/images/job';
import { randomSeed, type ImageSettings } from '../lib/images/settings';
import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import type { ImageFeatures } from '../lib/providers/imageTypes';
import type { MessageRecord } from '../lib/storage/types';
import { composerInbox } from './composerInbox.svelte';
import { conversation } from './conversation.svelte';
import { imageGen } from './imageGen.svelte';
import { models } from './models.svelte';
import { notify } from './notify.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { beginTurn } from './turns.svelte';

export interface ImageDraft {
  negativePrompt: string;
  width: number;
  height: number;
  /** Undefined: the model's default. */
  steps: number | undefined;
  /** Undefined: a new random seed for every drawing. */
  seed: number | undefined;
  count: number;
}

class ImageDrawingStore {
  #draft = $state<ImageDraft>({
    negativePrompt: '',
    width: 1024,
    height: 1024,
    steps: undefined,
    seed: undefined,
    count: 1,
  });
  #progress = $state<Record<string, { completed: number; total: number }>>({});
  #viewing = $state<{ id: string; message: MessageRecord; index: number } | null>(null);

  get draft(): ImageDraft {
    return this.#draft;
  }

  setDraft(patch: Partial<ImageDraft>): void {
    this.#draft = { ...this.#draft, ...patch };
  }

  /** What the server kind honours (negative prompt, several images, progress). */
  features(serverId: string | null | undefined): ImageFeatures {
    // Known from the kind alone, so that the generators load only when something is drawn.
    const kind = serverId ? servers.byId(serverId)?.kind : undefined;
    if (kind === 'openai') return { negativePrompt: true, count: true, progress: false };
    return { negativePrompt: false, count: false, progress: kind === 'ollama' };
  }

  /** Step progress of a drawing under way, when the server tells it. */
  progress(answerId: string): { completed: number; total: number } | undefined {
    return this.#progress[answerId];
  }

  /** The settings for the next drawing of `prompt`, with the seed it will use. */
  settingsFor(prompt: string, serverId: string): ImageSettings {
    const d = this.#draft;
    const f = this.features(serverId);
    return {
      prompt,
      ...(f.negativePrompt && d.negativePrompt.trim() ? { negativePrompt: d.negativePrompt } : {}),
      width: d.width,
      height: d.height,
      ...(d.steps ? { steps: d.steps } : {}),
      seed: d.seed ?? randomSeed(),
      ...(f.count && d.count > 1 ? { count: d.count } : {}),
    };
  }

  /** Draws the prompt with the chat's image model. False when nothing was sent. */
  async send(prompt: string): Promise<boolean> {
    const session = sessions.active;
    if (!prompt.trim() || !session || requestLock.isLocked) return false;
    const { serverId, model } = session;
    if (!serverId || !model) {
      notify.show({ kind: 'no-model', title: m.pickModelFirst }, 'request');
      return false;
    }
    return this.#draw({ question: prompt.trim(), parentId: conversation.tailId }, serverId, model, () =>
      this.settingsFor(prompt.trim(), serverId),
    );
  }

  /** The same prompt again with a new seed; the earlier pictures stay as an alternative (‹ 1 / 2 ›). */
  async regenerate(answer: MessageRecord): Promise<boolean> {
    const before = answer.imageGen;
    if (!before || !answer.parentId || !answer.serverId || !answer.model || requestLock.isLocked)
      return false;
    return this.#draw({ question: null, parentId: answer.parentId }, answer.serverId, answer.model, () => ({
      ...before,
      seed: randomSeed(),
    }));
  }

  async #draw(
    turn: { question: string | null; parentId: string | null },
    serverId: string,
    model: string,
    settings: () => ImageSettings,
  ): Promise<boolean> {
    const answerId = uid();
    const token = requestLock.acquire(answerId);
    if (!token) return false;
    try {
      const started = await beginTurn({ ...turn, answers: [{ id: answerId, model, serverId }] });
      if (!started) return false;
      await this.drawInto(started.answers[0]!, settings(), token.signal);
      return true;
    } finally {
      requestLock.release(token);
    }
  }

  /**
   * Draws into an answer that beginTurn created (the conversation or Compare). Never throws: a
   * failure is in the message and the alert. The drawing code loads with the first drawing.
   */
  async drawInto(answer: MessageRecord, settings: ImageSettings, signal: AbortSignal): Promise<ImageOutcome> {
    const { drawInto } = await import('./imageDraw.svelte');
    return drawInto(answer, settings, signal, (id, p) => {
      if (p) this.#progress[id] = p;
      else delete this.#progress[id];
    });
  }

  // ---- Looking at a picture ----

  get viewing(): { id: string; message: MessageRecord; index: number } | null {
    return this.#viewing;
  }

  /** Opens a picture full size inside the app (never as a top-level blob document). */
  view(message: MessageRecord, index: number): void {
    const id = message.imageIds?.[index];
    if (id) this.#viewing = { id, message, index };
  }

  closeView(): void {
    this.#viewing = null;
  }

  /** Saves a picture as a file. */
  async download(message: MessageRecord, index: number): Promise<void> {
    const id = message.imageIds?.[index];
    if (!id) return;
    const { downloadStoredImage } = await import('../lib/images/files');
    await notify.guard(() => downloadStoredImage(id, message.imageGen?.prompt, index), { source: 'storage' });
  }

  /**
   * Attaches a picture to the message box, for a model that sees. When the chat's model draws,
   * it switches to the server's first vision model (if it has one).
   */
  async useAsInput(message: MessageRecord, index: number): Promise<void> {
    const id = message.imageIds?.[index];
    if (!id) return;
    const { storedImageFile } = await import('../lib/images/files');
    const file = await notify.guard(() => storedImageFile(id, message.imageGen?.prompt, index), {
      source: 'storage',
    });
    if (!file) return;
    composerInbox.offer([file]);
    this.#viewing = null;
    const session = sessions.active;
    const serverId = session?.serverId;
    if (!session || !serverId || !imageGen.isImageModel(serverId, session.model)) return;
    const vision = models.chatModels(serverId).find((x) => x.capabilities?.includes('vision'));
    if (vision) {
      await notify.guard(() => sessions.update(session.id, { model: vision.name }), { source: 'storage' });
    }
  }

  /** Forgets what is in memory (tests start from nothing). */
  reset(): void {
    this.#progress = {};
    this.#viewing = null;
  }
}

export const imageDrawing = new ImageDrawingStore();
