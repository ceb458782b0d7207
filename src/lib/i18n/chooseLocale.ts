import { LOCALE_KEY, locale, type Locale } from './locale';

/**
 * Saves the choice and reloads, so every part of the page (and its worker) starts in it. False when
 * the browser refused to store it: the language then follows the browser, as before.
 */
export function chooseLocale(next: Locale): boolean {
  try {
    localStorage.setItem(LOCALE_KEY, next);
  } catch {
    return false;
  }
  if (next !== locale) location.reload();
  return true;
}
