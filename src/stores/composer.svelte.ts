// The message box's draft: the text, the images attached to it, the warnings the user has already
// answered, and sending it (to the chat's model, to Compare, or to an image model). The composer's
// parts read and change it here, so that none of them holds the draft alone.
import { m } from '../lib/i18n/messages';
import { app } from './app.svelte';
import { compare } from './compare.svelte';
import { documents } from './documents.svelte';
import { imageGen } from './imageGen.svelte';
import { requestLock } from './requestLock.svelte';

/**
 * The text being typed, kept in this tab over a reload (a new language, a new version, the
 * isolation switch) and read once. Images are not: they stay small in memory only.
 */
const DRAFT_KEY = 'causerie:draft';

function takeSavedText(): string {
  try {
    const text = sessionStorage.getItem(DRAFT_KEY) ?? '';
    sessionStorage.removeItem(DRAFT_KEY);
    return text;
  } catch {
    return '';
  }
}

/** Which files are images we take; the checks load with the first picture attached. */
async function checkImages(files: File[]): Promise<{ accepted: File[]; problems: string[] }> {
  const { acceptImages } = await import('../lib/chat/images');
  return acceptImages(files, { tooLarge: m.imageTooLarge, notImage: m.notAnImage });
}

class ComposerStore {
  #text = $state(takeSavedText());
  #files = $state<File[]>([]);
  #problems = $state<string[]>([]);
  #isVisionConfirmed = $state(false);

  /** An image model turns the message box into an image prompt (ImagePrompt holds its settings). */
  readonly isImage = $derived(imageGen.isImageModel(app.serverId, app.model));
  readonly needsVisionWarning = $derived(
    this.#files.length > 0 &&
      !this.isImage &&
      !app.capabilities.includes('vision') &&
      !app.isCapabilityGuess &&
      !this.#isVisionConfirmed,
  );
  readonly meter = $derived(
    compare.isOn || requestLock.isLocked || this.isImage ? null : documents.meter(this.#text),
  );
  // Said once per chat: after the user sent anyway, later questions are not asked again.
  readonly isOverflowing = $derived(!!this.meter && !this.meter.fits && !documents.isOverflowConfirmed);
  // With documents the send waits for a choice; without, the warning only informs.
  readonly needsContextWarning = $derived(this.isOverflowing && documents.hasDocuments);
  readonly canSend = $derived(
    !requestLock.isLocked &&
      this.#text.trim().length > 0 &&
      (compare.isOn ? compare.isReady : !!app.model) &&
      !this.needsVisionWarning &&
      !this.needsContextWarning,
  );

  get text(): string {
    return this.#text;
  }
  /** Typing (the text box is bound to it). */
  set text(value: string) {
    this.#text = value;
  }

  get files(): readonly File[] {
    return this.#files;
  }

  get problems(): readonly string[] {
    return this.#problems;
  }

  /** "Send anyway" on the vision warning. */
  confirmVision(): void {
    this.#isVisionConfirmed = true;
  }

  /** "Send anyway" on the context warning: sends now. */
  sendDespiteContext(): Promise<void> {
    documents.confirmOverflow();
    return this.send();
  }

  removeFile(index: number): void {
    this.#files = this.#files.filter((_, j) => j !== index);
  }

  /** Attachments still being read (one after another): a question sent meanwhile waits for them. */
  #attaching: Promise<void> = Promise.resolve();

  /** Files attached, pasted or dropped: images join the draft, documents are read by the documents store. */
  addFiles(list: Iterable<File>): Promise<void> {
    const files = [...list];
    const work = this.#attaching.then(() => this.#addFiles(files));
    this.#attaching = work.catch(() => undefined);
    return work;
  }

  async #addFiles(all: File[]): Promise<void> {
    const docs = all.filter((f) => documents.isDocument(f));
    const pictures = all.filter((f) => !docs.includes(f));
    const r = pictures.length ? await checkImages(pictures) : { accepted: [], problems: [] };
    this.#files = [...this.#files, ...r.accepted];
    this.#problems = r.problems;
    if (docs.length) await documents.attach(docs);
  }

  async send(): Promise<void> {
    // An image pasted or chosen just before Enter is still being read: it goes with this question.
    await this.#attaching;
    // Compare shows its own readiness and carries no attachments, so the warnings do not hold it up.
    const isCompare = compare.isOn;
    if (!this.#text.trim() || requestLock.isLocked) return;
    if (isCompare ? !compare.isReady : !this.canSend) return;
    const question = this.#text;
    const images = isCompare || this.isImage ? [] : this.#files;
    const isImage = this.isImage;
    // Sending while the meter says it will not fit is the user's choice, made once for this chat.
    if (!isCompare && this.meter && !this.meter.fits) documents.confirmOverflow();
    this.#text = '';
    if (!isCompare) {
      this.#files = [];
      this.#problems = [];
      this.#isVisionConfirmed = false;
    }
    const sent = isCompare
      ? await compare.run(question)
      : isImage
        ? await imageGen.send(question)
        : await documents.send(question, images);
    // Nothing was sent (no model, or the question could not be saved): give it back rather than lose it.
    if (!sent && !this.#text) {
      this.#text = question;
      if (images.length) this.#files = images;
    }
  }

  /** Forgets the draft (tests start from nothing). */
  reset(): void {
    this.#text = '';
    this.#files = [];
    this.#problems = [];
    this.#isVisionConfirmed = false;
  }
}

export const composer = new ComposerStore();

addEventListener('pagehide', () => {
  try {
    if (composer.text.trim()) sessionStorage.setItem(DRAFT_KEY, composer.text);
  } catch {
    // Storage refused (a private mode): the text goes, as it did before.
  }
});
