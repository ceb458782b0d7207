import { untrack } from 'svelte';
import { imagesDb } from '../lib/storage/db';

/**
 * Object URLs for stored images. A view holds the ids it shows (`hold`) and releases them when it goes
 * away; the last release revokes the URL, so a long session does not keep every image it ever showed
 * in memory (a deleted message's view goes away, and with it the URL of its images).
 */
class ImagesStore {
  #urls = $state<Record<string, string>>({});
  #holds = new Map<string, number>();
  #loading = new Set<string>();

  /** The image's URL, or undefined while it is being read (or when nobody holds it). */
  url(id: string): string | undefined {
    return this.#urls[id];
  }

  /** Loads the images and keeps their URLs until the returned function is called. */
  hold(ids: readonly string[]): () => void {
    // Called from effects: reading the URLs here must not make the effect depend on them.
    return untrack(() => this.#hold([...ids]));
  }

  #hold(ids: string[]): () => void {
    for (const id of ids) {
      const n = this.#holds.get(id) ?? 0;
      this.#holds.set(id, n + 1);
      if (n === 0 && this.#urls[id] === undefined) void this.#load(id);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const id of ids) {
        const n = (this.#holds.get(id) ?? 1) - 1;
        if (n > 0) this.#holds.set(id, n);
        else {
          this.#holds.delete(id);
          this.#revoke(id);
        }
      }
    };
  }

  #revoke(id: string): void {
    const url = this.#urls[id];
    if (url === undefined) return;
    URL.revokeObjectURL(url);
    delete this.#urls[id];
  }

  async #load(id: string): Promise<void> {
    if (this.#loading.has(id)) return;
    this.#loading.add(id);
    try {
      const image = await imagesDb.get(id);
      // Released while it was being read: make no URL that nobody would revoke.
      if (!image || !this.#holds.has(id) || this.#urls[id] !== undefined) return;
      this.#urls[id] = URL.createObjectURL(new Blob([image.bytes], { type: image.type }));
    } catch {
      // An unreadable image stays a placeholder; the rest of the chat is unaffected.
    } finally {
      this.#loading.delete(id);
    }
  }
}

export const images = new ImagesStore();
