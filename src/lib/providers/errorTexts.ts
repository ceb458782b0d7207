// The words for failures are a lazy chunk: they are only read when something goes wrong, and the
// first load has a budget. They are fetched at the first failure: providers wait for them before
// their errors go on (words.ts), so what is shown has them; an error made elsewhere before they
// have loaded has a plain title.
import type { ErrorCause, ErrorContext, ErrorFix } from './types';
import { locale } from '../i18n/locale';

type Texts = Record<ErrorCause, (context: ErrorContext) => ErrorFix>;

let texts: Texts | null = null;
let loading: Promise<void> | null = null;

export function loadErrorTexts(): Promise<void> {
  // Each language is its own chunk, so a page loads only the words it shows.
  loading ??= (locale === 'fr' ? import('../i18n/fr/errors') : import('../i18n/errors')).then(
    (mod) => void (texts = mod.errorText),
    () => {
      // Offline after an update: plain titles, and a later call tries again.
      loading = null;
    },
  );
  return loading;
}

/** The words for a failure, or null while they are still loading. */
export function errorTextFor(kind: ErrorCause, context: ErrorContext): ErrorFix | null {
  return texts ? texts[kind](context) : null;
}
