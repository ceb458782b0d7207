// The saved prompts' store: what `/…` matches, what a draft needs, and what picking one does.
import { beforeEach, describe, expect, it } from 'vitest';
import { promptsDb } from '../../../src/lib/storage/promptsDb';
import type { SavedPrompt } from '../../../src/lib/storage/types';
import { composer } from '../../../src/stores/composer.svelte';
import { notify } from '../../../src/stores/notify.svelte';
import { checkPrompt, matchPrompts, PROMPT_NAME_MAX, prompts } from '../../../src/stores/prompts.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';
import { resetAll } from './reset';

const p = (name: string, text: string, kind: SavedPrompt['kind'] = 'prompt'): SavedPrompt => ({
  id: name.toLowerCase().replace(/\W+/g, '-'),
  name,
  text,
  kind,
  createdAt: 1,
  updatedAt: 1,
});

beforeEach(async () => {
  await resetAll();
  prompts.reset();
  composer.reset();
});

describe('matchPrompts', () => {
  const list = [
    p('Translate', 'Translate into French:'),
    p('Explain code', 'Explain this'),
    p('Pirate', 'Talk like a pirate', 'system'),
  ];

  it('a lone / lists every prompt by name; names starting with the query come first, then names, then texts', () => {
    expect(matchPrompts(list, '').map((x) => x.name)).toEqual(['Explain code', 'Pirate', 'Translate']);
    expect(matchPrompts(list, 'PI').map((x) => x.name)).toEqual(['Pirate']);
    expect(matchPrompts(list, 'code').map((x) => x.name)).toEqual(['Explain code']);
    expect(matchPrompts(list, 'french').map((x) => x.name)).toEqual(['Translate']);
    expect(matchPrompts([p('Xa', 'tra'), p('Atra', 'q'), p('Tra', 'q')], 'tra').map((x) => x.name)).toEqual([
      'Tra',
      'Atra',
      'Xa',
    ]);
    expect(matchPrompts(list, 'usr/bin')).toEqual([]);
  });

  it('shows a handful at most', () => {
    const many = Array.from({ length: 30 }, (_, i) => p(`Prompt ${String(i).padStart(2, '0')}`, 'x'));
    expect(matchPrompts(many, 'prompt')).toHaveLength(8);
  });
});

describe('checkPrompt', () => {
  it('needs a name and a text, within limits', () => {
    expect(checkPrompt({ name: ' ', text: 'x', kind: 'prompt' })).toEqual({
      name: 'Give the prompt a name.',
    });
    expect(checkPrompt({ name: 'A', text: '  ', kind: 'prompt' })).toEqual({
      text: 'Write the prompt’s text.',
    });
    expect(checkPrompt({ name: 'n'.repeat(PROMPT_NAME_MAX + 1), text: 'x', kind: 'system' }).name).toMatch(
      /At most/,
    );
    expect(checkPrompt({ name: 'A', text: 'x', kind: 'system' })).toEqual({});
  });
});

describe('prompts store', () => {
  it('saves, edits and deletes with Undo, in storage too', async () => {
    await prompts.load();
    expect(await prompts.save({ name: '  Review ', text: 'Review this:', kind: 'prompt' })).toBe(true);
    expect(await prompts.save({ name: '', text: 'no name', kind: 'prompt' })).toBe(false);
    const saved = prompts.list[0]!;
    expect(saved.name).toBe('Review');
    await prompts.save({ id: saved.id, name: 'Code review', text: 'Review this code:', kind: 'prompt' });
    expect(prompts.list.map((x) => x.name)).toEqual(['Code review']);
    expect((await promptsDb.get(saved.id))?.text).toBe('Review this code:');
    await prompts.remove(saved.id);
    expect(prompts.list).toEqual([]);
    expect(await promptsDb.all()).toEqual([]);
    await notify.undo();
    expect(prompts.list.map((x) => x.name)).toEqual(['Code review']);
    expect(await promptsDb.all()).toHaveLength(1);
  });

  it('a text prompt replaces the typed /…; a system prompt becomes the chat’s and clears it', async () => {
    await sessions.init();
    const draft = sessions.newDraft('srv', 'llama3.2');
    composer.text = '/rev';
    await prompts.use(p('Review', 'Review this code:'));
    expect(composer.text).toBe('Review this code:');
    composer.text = '/pir';
    await prompts.use(p('Pirate', 'Answer like a pirate.', 'system'));
    expect(composer.text).toBe('');
    expect(sessions.active?.id).toBe(draft.id);
    expect(sessions.active?.systemPrompt).toBe('Answer like a pirate.');
    expect(notify.toast.text).toBe('System prompt of this chat: “Pirate”');
  });
});
