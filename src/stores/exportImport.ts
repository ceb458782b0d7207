// Export and import, loaded on first use (they are not needed to chat): the chat on screen or every
// chat saved as a file, and an export file read back in.
import { m } from '../lib/i18n/messages';
import { downloadText } from '../lib/download';
import {
  allToMarkdown,
  applyImport,
  exportFileName,
  exportJson,
  exportSessions,
  IMPORT_LIMITS,
  importText,
  parseImport,
  sessionToMarkdown,
} from '../lib/storage/transfer';
import { conversation } from './conversation.svelte';
import { notify } from './notify.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';

/** Saves the chat on screen (or every chat) as a file. */
export async function exportChats(scope: 'chat' | 'all', format: 'json' | 'markdown'): Promise<void> {
  const active = sessions.isDraft ? null : sessions.active;
  if (scope === 'chat' && !active) return;
  const file = await exportSessions(scope === 'chat' && active ? [active.id] : undefined);
  const text =
    format === 'json'
      ? exportJson(file)
      : scope === 'chat' && file.sessions[0]
        ? sessionToMarkdown(file.sessions[0].session, file.sessions[0].messages, {
            servers: file.servers,
          })
        : allToMarkdown(file);
  const name = exportFileName(format, scope === 'chat' ? active : null);
  downloadText(name, text, format === 'json' ? 'application/json' : 'text/markdown');
}

/**
 * Imports an export file; nothing is written unless the whole file is valid. True when it brought
 * servers, which the user then accepts or refuses.
 */
export async function importChats(file: File): Promise<boolean> {
  if (file.size > IMPORT_LIMITS.textChars) {
    notify.show(
      {
        kind: 'import',
        title: importText.importFailedTitle,
        detail: importText.tooLarge(Math.round(IMPORT_LIMITS.textChars / 1e6)),
      },
      'import',
    );
    return false;
  }
  const plan = parseImport(await file.text());
  const result = plan.ok ? await applyImport(plan) : plan;
  if (!result.ok) {
    notify.show(
      {
        kind: 'import',
        title: importText.importFailedTitle,
        detail: result.message,
        steps: result.issues.slice(1, 10).map((i) => ({ label: i.message })),
      },
      'import',
    );
    return false;
  }
  notify.dismiss();
  notify.say(
    [
      m.imported(result.sessionsAdded, result.sessionsReplaced, result.sessionsSkipped),
      ...importText.extras(result),
    ].join(' '),
  );
  await Promise.all([sessions.reload(), servers.reload()]);
  if (conversation.sessionId) await conversation.open(conversation.sessionId);
  return !!result.servers;
}
