import { afterEach, describe, expect, it, vi } from 'vitest';

// The language is decided once, when the page loads: the saved choice, else the browser's languages.
async function loadWith(languages: string[], saved?: string) {
  vi.resetModules();
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
  localStorage.clear();
  if (saved) localStorage.setItem('causerie.language', saved);
  return import('../../../src/lib/i18n/locale');
}

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('interface language', () => {
  it('follows a French browser, with its region for Intl', async () => {
    const l = await loadWith(['fr-CA', 'en-US']);
    expect(l.locale).toBe('fr');
    expect(l.intlLocale).toBe('fr-CA');
    expect(l.decimal(1234.5, 1)).toBe('1\u00a0234,5');
  });

  it('takes the first language it speaks, and English otherwise', async () => {
    expect((await loadWith(['de-DE', 'fr-FR', 'en'])).locale).toBe('fr');
    expect((await loadWith(['en-GB', 'fr-FR'])).locale).toBe('en');
    expect((await loadWith(['de-DE', 'es'])).locale).toBe('en');
    expect((await loadWith([])).locale).toBe('en');
    expect((await loadWith(['french'])).locale).toBe('en');
  });

  it('keeps the choice made in Settings over the browser’s', async () => {
    expect((await loadWith(['fr-FR'], 'en')).locale).toBe('en');
    expect((await loadWith(['en-US'], 'fr')).locale).toBe('fr');
    expect((await loadWith(['fr-FR'], 'klingon')).locale).toBe('fr');
  });

  it('gives lazily loaded modules their French counterpart', async () => {
    const fr = await loadWith(['fr-FR']);
    expect(fr.localized({ send: 'Send' }, { send: 'Envoyer' }).send).toBe('Envoyer');
    const en = await loadWith(['en-US']);
    expect(en.localized({ send: 'Send' }, { send: 'Envoyer' }).send).toBe('Send');
  });

  it('saves a new choice and reloads; the same choice needs no reload', async () => {
    await loadWith(['fr-FR']);
    const { chooseLocale } = await import('../../../src/lib/i18n/chooseLocale');
    const reload = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, reload });
    expect(chooseLocale('fr')).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    expect(chooseLocale('en')).toBe(true);
    expect(localStorage.getItem('causerie.language')).toBe('en');
    expect(reload).toHaveBeenCalledOnce();
  });
});
