import type { GenerationOptions } from '../lib/providers/types';
import { metaDb } from '../lib/storage/db';
import { broadcast } from '../lib/storage/sync';

export type Theme = 'system' | 'light' | 'dark';

interface StoredSettings {
  theme: Theme;
  stream: boolean;
  defaultOptions: GenerationOptions;
  defaultSystemPrompt: string;
  defaultKeepAlive: string;
  /** After a chat's first answer its model names it: one more request, slow on a CPU server. */
  generateTitles: boolean;
}

const DEFAULTS: StoredSettings = {
  theme: 'system',
  stream: true,
  defaultOptions: {},
  defaultSystemPrompt: '',
  defaultKeepAlive: '',
  generateTitles: false,
};

class SettingsStore {
  #s = $state<StoredSettings>({ ...DEFAULTS });

  get theme(): Theme {
    return this.#s.theme;
  }
  get stream(): boolean {
    return this.#s.stream;
  }
  get defaultOptions(): GenerationOptions {
    return this.#s.defaultOptions;
  }
  get defaultSystemPrompt(): string {
    return this.#s.defaultSystemPrompt;
  }
  get defaultKeepAlive(): string {
    return this.#s.defaultKeepAlive;
  }

  get generateTitles(): boolean {
    return this.#s.generateTitles;
  }

  async load(): Promise<void> {
    const stored = await metaDb.get<Partial<StoredSettings>>('settings');
    this.#s = { ...DEFAULTS, ...stored };
  }

  setTheme(theme: Theme): Promise<void> {
    return this.#update({ theme });
  }

  /** Cycles system → light → dark → system. */
  cycleTheme(): Promise<void> {
    const next: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
    return this.setTheme(next[this.#s.theme]);
  }

  setStream(stream: boolean): Promise<void> {
    return this.#update({ stream });
  }

  setGenerateTitles(generateTitles: boolean): Promise<void> {
    return this.#update({ generateTitles });
  }

  setDefaults(d: { options: GenerationOptions; systemPrompt: string; keepAlive: string }): Promise<void> {
    return this.#update({
      defaultOptions: d.options,
      defaultSystemPrompt: d.systemPrompt,
      defaultKeepAlive: d.keepAlive,
    });
  }

  async #update(patch: Partial<StoredSettings>): Promise<void> {
    this.#s = { ...this.#s, ...patch };
    await metaDb.set('settings', $state.snapshot(this.#s));
    broadcast({ type: 'settings' });
  }
}

export const settings = new SettingsStore();
