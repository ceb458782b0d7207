// Files offered to the message box from elsewhere ("Use as input" on a generated picture). The
// composer takes them into its attachments; they are not kept here.
class ComposerInbox {
  #files = $state<File[]>([]);

  get count(): number {
    return this.#files.length;
  }

  offer(files: File[]): void {
    this.#files = [...this.#files, ...files];
  }

  /** Hands the offered files over, once. */
  take(): File[] {
    const files = this.#files;
    this.#files = [];
    return files;
  }
}

export const composerInbox = new ComposerInbox();
