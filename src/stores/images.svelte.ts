import { imagesDb } from '../lib/storage/db';

/** Object URLs for stored images, loaded on first use and kept for the tab's lifetime. */
class ImagesStore {
  #urls = $state<Record<string, string>>({});
  #loading = new Set<string>();

  /** The image's URL, or undefined until it has been read from storage. */
  url(id: string): string | undefined {
    const known = this.#urls[id];
    if (known === undefined && !this.#loading.has(id)) void this.#load(id);
    return known;
  }

  async #load(id: string): Promise<void> {
    this.#loading.add(id);
    try {
      const blob = await imagesDb.get(id);
      if (blob) this.#urls[id] = URL.createObjectURL(blob);
    } finally {
      this.#loading.delete(id);
    }
  }
}

export const images = new ImagesStore();
