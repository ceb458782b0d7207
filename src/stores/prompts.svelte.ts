// Saved prompts (issue 17): a small library of reusable texts and system prompts, kept in
// IndexedDB, picked with `/` in the message box and managed in a dialog. Loaded with those parts.
import { uid } from '../lib/id';
import { promptText } from '../lib/i18n/prompts';
import { promptsDb } from '../lib/storage/promptsDb';
import { broadcast, onSync } from '../lib/storage/sync';
import type { SavedPrompt } from '../lib/storage/types';
import { composer } from './composer.svelte';
import { notify } from './notify.svelte';
import { sessions } from './sessions.svelte';

export const PROMPT_NAME_MAX = 80;
export const PROMPT_TEXT_MAX = 100_000;
/** The `/` list shows this many at most: past that, typing more of the name narrows it. */
const LIST_MAX = 8;

export type PromptDraft = Pick<SavedPrompt, 'name' | 'text' | 'kind'> & { id?: string };

/** What is wrong with a draft, per field; empty when it can be saved. */
export function checkPrompt(d: PromptDraft): { name?: string; text?: string } {
  const out: { name?: string; text?: string } = {};
  const name = d.name.trim();
  if (!name) out.name = promptText.nameNeeded;
  else if (name.length > PROMPT_NAME_MAX) out.name = promptText.tooLong(PROMPT_NAME_MAX);
  if (!d.text.trim()) out.text = promptText.textNeeded;
  else if (d.text.length > PROMPT_TEXT_MAX) out.text = promptText.tooLong(PROMPT_TEXT_MAX);
  return out;
}

/**
 * The prompts that match what follows the `/`: names starting with it first, then names containing
 * it, then texts containing it; each group by name.
 */
export function matchPrompts(list: readonly SavedPrompt[], query: string, max = LIST_MAX): SavedPrompt[] {
  const q = query.trim().toLowerCase();
  const rank = (p: SavedPrompt): number => {
    const name = p.name.toLowerCase();
    if (!q || name.startsWith(q)) return 0;
    if (name.includes(q)) return 1;
    return p.text.toLowerCase().includes(q) ? 2 : -1;
  };
  return list
    .map((p) => ({ p, r: rank(p) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.p.name.localeCompare(b.p.name))
    .slice(0, max)
    .map((x) => x.p);
}

class PromptsStore {
  #list = $state<SavedPrompt[]>([]);
  #isListening = false;

  /** Every saved prompt, by name. */
  get list(): SavedPrompt[] {
    return this.#list;
  }

  /**
   * Reads the library (each time the `/` list or the dialog opens: an import may have added to it),
   * and follows other tabs' changes from then on.
   */
  load(): Promise<void> {
    if (!this.#isListening) {
      this.#isListening = true;
      onSync((e) => {
        if (e.type === 'prompts') void this.#read();
      });
    }
    return this.#read();
  }

  async #read(): Promise<void> {
    const all = await notify.guard(() => promptsDb.all(), { source: 'storage' });
    if (all) this.#list = all.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Adds or changes a prompt. False (nothing saved) when the draft has a problem or storage failed. */
  async save(d: PromptDraft): Promise<boolean> {
    if (Object.keys(checkPrompt(d)).length) return false;
    const now = Date.now();
    const before = d.id ? this.#list.find((p) => p.id === d.id) : undefined;
    const record: SavedPrompt = {
      id: before?.id ?? uid(),
      name: d.name.trim(),
      text: d.text,
      kind: d.kind,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    const ok = await notify.attempt(() => promptsDb.put(record), { source: 'storage' });
    if (!ok) return false;
    this.#list = [...this.#list.filter((p) => p.id !== record.id), record].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    broadcast({ type: 'prompts' });
    return true;
  }

  /** Deletes a prompt now and offers Undo. */
  async remove(id: string): Promise<void> {
    const found = this.#list.find((p) => p.id === id);
    if (!found) return;
    const prompt = $state.snapshot(found) as SavedPrompt;
    if (!(await notify.attempt(() => promptsDb.remove(id), { source: 'storage' }))) return;
    this.#list = this.#list.filter((p) => p.id !== id);
    broadcast({ type: 'prompts' });
    notify.offerUndo(promptText.removed(prompt.name), async () => {
      await promptsDb.put(prompt);
      await this.#read();
      broadcast({ type: 'prompts' });
    });
  }

  /**
   * Uses a prompt picked from the `/` list: its text replaces what was typed, or, for a system
   * prompt, it becomes the chat's system prompt and the typed `/…` goes.
   */
  async use(p: SavedPrompt): Promise<void> {
    if (p.kind === 'prompt') {
      composer.text = p.text;
      return;
    }
    composer.text = '';
    const chat = sessions.active;
    if (!chat) return;
    const ok = await notify.attempt(() => sessions.update(chat.id, { systemPrompt: p.text }), {
      source: 'storage',
    });
    if (ok) notify.say(promptText.systemSet(p.name));
  }

  /** Forgets what is in memory (tests start from nothing). */
  reset(): void {
    this.#list = [];
  }
}

export const prompts = new PromptsStore();
