import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Composer from '../../../src/components/Composer.svelte';
import { resetStorageHandles } from '../../../src/lib/storage/db';
import { composer } from '../../../src/stores/composer.svelte';
import { conversation } from '../../../src/stores/conversation.svelte';
import { requestLock } from '../../../src/stores/requestLock.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
  composer.reset();
  await servers.init({ servers: [] }, { server: 'http://127.0.0.1:11434' });
  await sessions.init();
  sessions.newDraft(servers.selectedId!, 'llama3.2:latest');
});

afterEach(() => {
  requestLock.stop();
  vi.restoreAllMocks();
});

describe('composer', () => {
  it('Enter sends the text and clears the box; Shift+Enter makes a new line', async () => {
    const send = vi.spyOn(conversation, 'send').mockResolvedValue(true);
    const user = userEvent.setup();
    render(Composer);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(box).toHaveValue('line one\nline two');
    await user.keyboard('{Enter}');
    expect(send).toHaveBeenCalledWith('line one\nline two', []);
    expect(box).toHaveValue('');
  });

  it('Send is disabled for an empty message', async () => {
    render(Composer);
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '   ');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('while an answer is pending: Stop replaces Send, Enter does nothing, the reason is shown, Escape stops', async () => {
    const send = vi.spyOn(conversation, 'send');
    const stop = vi.spyOn(conversation, 'stop');
    const user = userEvent.setup();
    render(Composer);
    const token = requestLock.acquire('pending-answer')!;
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'next question{Enter}');
    expect(send).not.toHaveBeenCalled();
    expect(box).toHaveValue('next question');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(box).toHaveAccessibleDescription(/Waiting for the current answer/);
    await user.keyboard('{Escape}');
    expect(stop).toHaveBeenCalled();
    expect(token.signal.aborted).toBe(true);
    expect(await screen.findByRole('button', { name: 'Send' })).toBeEnabled();
  });

  it('text that could not be sent is given back', async () => {
    vi.spyOn(conversation, 'send').mockResolvedValue(false);
    const user = userEvent.setup();
    render(Composer);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'keep me{Enter}');
    await vi.waitFor(() => expect(box).toHaveValue('keep me'));
  });
});
