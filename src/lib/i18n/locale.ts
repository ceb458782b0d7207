// The language of the interface, decided once per page load: the choice saved in Settings, else the
// first of the browser's languages we speak. The first load carries only this and the English words;
// French arrives as its own chunks (see ./fr/), so changing the language reloads the page
// (./chooseLocale.ts).

export type Locale = 'en' | 'fr';

export const LOCALE_KEY = 'causerie.language';

const browser = globalThis.navigator?.languages ?? [];

/** The saved choice; a worker (no localStorage) gets it in its name, "markdown:fr". */
function saved(): string | null | undefined {
  try {
    return typeof document === 'undefined' ? self.name.split(':')[1] : localStorage.getItem(LOCALE_KEY);
  } catch {
    return null;
  }
}

export const locale: Locale = /^fr\b/i.test(
  [saved(), ...browser].find((t) => /^(en|fr)\b/i.test(t ?? '')) ?? '',
)
  ? 'fr'
  : 'en';

/** The tag `Intl` formats with: the browser's own region when it speaks this language (fr-CA, en-GB). */
export const intlLocale: string = browser.find((t) => t.slice(0, 2).toLowerCase() === locale) ?? locale;

/**
 * A module that loads on first use takes its French with it, and picks here (the first load's own
 * modules get theirs laid over them before mounting instead: ./fr/initial.ts).
 */
export const localized = <T>(en: T, fr: Words<T>): T => (locale === 'fr' ? (fr as T) : en);

/**
 * One `Intl.NumberFormat` per set of options, made on first use and kept: making one costs far
 * more than using it (`toLocaleString` with options makes a new one at each call), and figures
 * are formatted while an answer streams.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
export function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let found = numberFormats.get(key);
  if (!found) {
    found = new Intl.NumberFormat(intlLocale, options);
    numberFormats.set(key, found);
  }
  return found;
}

/** A number with a fixed count of decimals, in the interface's language (1.5 s / 1,5 s). */
export const decimal = (n: number, digits = 0): string =>
  numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

/**
 * The shape a translation must have: the English object's keys, with any text in place of each
 * English literal (the modules are `as const`), so a missing or extra key is a type error.
 */
export type Words<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Words<R>
    : T extends readonly (infer U)[]
      ? Words<U>[]
      : T extends object
        ? { readonly [K in keyof T]: Words<T[K]> }
        : T;
