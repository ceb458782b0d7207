// Names a chat after its first answer, when Settings → "Generate chat titles" is on. Loaded with the
// first title asked for. Nothing here is ever shown as an error: a chat without a generated title
// keeps the one taken from its first question, which is a fine title too.
import { generateTitle, titleRequest } from '../lib/chat/title';
import type { Provider } from '../lib/providers/types';
import type { MessageRecord, SessionRecord } from '../lib/storage/types';
import { sessions, titleFrom } from './sessions.svelte';
import { settings } from './settings.svelte';

/** A slow server gets this long; past it the title is given up (its answer is long done). */
const TITLE_TIMEOUT_MS = 60_000;

/**
 * Asks the chat's model for a title and renames the chat with it, unless the chat was renamed
 * meanwhile (or already named): only a title still taken from the first question is replaced.
 */
export async function nameChat(
  session: SessionRecord,
  question: MessageRecord,
  answer: MessageRecord,
  provider: Provider,
  capabilities: readonly string[],
): Promise<void> {
  const automatic = titleFrom(question.content);
  const current = () => sessions.list.find((s) => s.id === session.id);
  if (!answer.model || current()?.title !== automatic) return;
  try {
    const title = await generateTitle(provider, {
      ...titleRequest(question, answer, answer.model, capabilities, session.keepAlive),
      signal: AbortSignal.timeout(TITLE_TIMEOUT_MS),
    });
    if (title && current()?.title === automatic) await sessions.rename(session.id, title);
  } catch (e) {
    // Silent on purpose (a title is a nicety), but findable by whoever debugs a server.
    console.debug('Causerie: no chat title generated', e);
  }
}

/**
 * After an answer is done: names the chat when the answer is its first and the setting is on. Not
 * for Compare (several models answer at once) nor for a model run in this page: it answers one
 * request at a time on this device, so a title would hold up the next question. The turn does not
 * wait for it, and nothing of it is shown but the new title.
 */
export async function nameFirstChat(
  answer: MessageRecord,
  history: readonly MessageRecord[],
  session: SessionRecord,
  provider: Provider,
  capabilities: readonly string[],
): Promise<void> {
  const question = history[0];
  if (!settings.generateTitles || answer.compareId || provider.kind === 'browser') return;
  if (history.length !== 1 || question?.role !== 'user' || !answer.content.trim()) return;
  await nameChat(session, question, answer, provider, capabilities);
}
