// The one place that turns any failure into what the user is shown.
import { isAborted, ProviderError } from '../lib/providers';
import { isQuotaError } from '../lib/storage/db';
import { m } from '../lib/i18n/messages';

export interface ShownError {
  kind: string;
  title: string;
  detail?: string;
  steps?: { label: string; code?: string }[];
}

export function isAbort(e: unknown): boolean {
  if (e instanceof ProviderError) return isAborted(e);
  return e instanceof DOMException && e.name === 'AbortError';
}

export function describeError(e: unknown): ShownError {
  if (e instanceof ProviderError) {
    return { kind: e.kind, title: e.title, detail: e.fix.detail, steps: e.fix.steps };
  }
  if (isQuotaError(e)) return { kind: 'quota', title: m.quotaExceeded };
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'unknown', title: message };
}
