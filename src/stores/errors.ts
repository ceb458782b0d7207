// The one place that turns any failure into what the user is shown.
import { isAborted, ProviderError } from '../lib/providers';
import type { ErrorCause } from '../lib/providers/types';
import { isQuotaError } from '../lib/storage/db';
import { m } from '../lib/i18n/messages';

/** What went wrong, as the alert, the message and the tests tell it apart. */
export type AlertKind =
  | ErrorCause
  /** The browser's storage is full. */
  | 'quota'
  /** IndexedDB refused a write or a read for another reason. */
  | 'storage'
  /** An import file was refused. */
  | 'import'
  /** Nothing to send to: no server or no model chosen. */
  | 'no-model'
  /** Anything else: a bug, told in words rather than swallowed. */
  | 'unknown';

export interface ShownError {
  kind: AlertKind;
  title: string;
  detail?: string;
  steps?: { label: string; code?: string }[];
}

export function isAbort(e: unknown): boolean {
  if (e instanceof ProviderError) return isAborted(e);
  return (e instanceof DOMException || e instanceof Error) && e.name === 'AbortError';
}

function isStorageError(e: unknown): e is DOMException {
  return (
    e instanceof DOMException &&
    ['UnknownError', 'InvalidStateError', 'DataCloneError', 'NotReadableError', 'VersionError'].includes(
      e.name,
    )
  );
}

/** Words for any thrown value: an Error, a DOMException, a string, `null`, an object. */
export function describeError(e: unknown): ShownError {
  if (e instanceof ProviderError) {
    return { kind: e.kind, title: e.title, detail: e.fix.detail, steps: e.fix.steps };
  }
  if (isQuotaError(e)) return { kind: 'quota', title: m.quotaExceeded };
  if (isStorageError(e)) return { kind: 'storage', title: m.storageFailed, detail: e.message || e.name };
  if (e instanceof Error) {
    return { kind: 'unknown', title: m.unexpectedError, detail: e.message || e.name };
  }
  if (typeof e === 'string' && e.trim()) return { kind: 'unknown', title: m.unexpectedError, detail: e };
  return { kind: 'unknown', title: m.unexpectedError, detail: m.unexpectedErrorDetail };
}
