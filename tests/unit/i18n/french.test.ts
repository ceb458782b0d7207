import { describe, expect, it } from 'vitest';
import { m } from '../../../src/lib/i18n/messages';
import { mFr } from '../../../src/lib/i18n/fr/messages';
import { contextTextFr } from '../../../src/lib/i18n/fr/context';
import { panelText } from '../../../src/lib/i18n/panels';
import { panelTextFr } from '../../../src/lib/i18n/fr/panels';
import { dm } from '../../../src/lib/i18n/documents';
import { dmFr } from '../../../src/lib/i18n/fr/documents';
import { imageText } from '../../../src/lib/i18n/images';
import { imageTextFr } from '../../../src/lib/i18n/fr/images';
import { inpageText } from '../../../src/lib/i18n/inpage';
import { inpageTextFr } from '../../../src/lib/i18n/fr/inpage';
import { markdownStrings } from '../../../src/lib/i18n/markdown';
import { markdownStringsFr } from '../../../src/lib/i18n/fr/markdown';
import { importText, markdownText } from '../../../src/lib/i18n/transfer';
import { importTextFr, markdownTextFr } from '../../../src/lib/i18n/fr/transfer';
import { reviewText } from '../../../src/lib/i18n/review';
import { reviewTextFr } from '../../../src/lib/i18n/fr/review';
import { framedText, viewerText } from '../../../src/lib/i18n/safety';
import { framedTextFr, viewerTextFr } from '../../../src/lib/i18n/fr/safety';
import { foreignText } from '../../../src/lib/i18n/foreign';
import { partText } from '../../../src/lib/i18n/parts';
import { partTextFr } from '../../../src/lib/i18n/fr/parts';
import { foreignTextFr } from '../../../src/lib/i18n/fr/foreign';
import { statsText } from '../../../src/lib/i18n/stats';
import { statsTextFr } from '../../../src/lib/i18n/fr/stats';
import { keepAliveText } from '../../../src/lib/i18n/keepAliveText';
import { keepAliveTextFr } from '../../../src/lib/i18n/fr/keepAliveText';
import { pwaText } from '../../../src/lib/i18n/pwa';
import { pwaTextFr } from '../../../src/lib/i18n/fr/pwa';
import { waitingText } from '../../../src/lib/i18n/waiting';
import { waitingTextFr } from '../../../src/lib/i18n/fr/waiting';
import { imageConvertText } from '../../../src/lib/i18n/imageConvert';
import { imageConvertTextFr } from '../../../src/lib/i18n/fr/imageConvert';
import { promptText } from '../../../src/lib/i18n/prompts';
import { promptTextFr } from '../../../src/lib/i18n/fr/prompts';
import { errorText } from '../../../src/lib/i18n/errors';
import { errorText as errorTextFr } from '../../../src/lib/i18n/fr/errors';
import type { ErrorCause, ErrorContext, ErrorFix } from '../../../src/lib/providers/types';

// Every English string module has a French counterpart (`Words<typeof english>` makes a missing key
// a type error); these checks catch what types cannot: a key left in English, a function that
// still answers in English, French punctuation without its no-break space.

const modules: [string, unknown, unknown][] = [
  ['messages', m, mFr],
  ['panels', panelText, panelTextFr],
  ['documents', dm, dmFr],
  ['images', imageText, imageTextFr],
  ['inpage', inpageText, inpageTextFr],
  ['markdown', markdownStrings, markdownStringsFr],
  ['import', importText, importTextFr],
  ['markdown export', markdownText, markdownTextFr],
  ['review', reviewText, reviewTextFr],
  ['foreign', foreignText, foreignTextFr],
  ['parts', partText, partTextFr],
  ['framed', framedText, framedTextFr],
  ['viewer', viewerText, viewerTextFr],
  ['stats', statsText, statsTextFr],
  ['keep_alive', keepAliveText, keepAliveTextFr],
  ['pwa', pwaText, pwaTextFr],
  ['waiting', waitingText, waitingTextFr],
  ['image conversion', imageConvertText, imageConvertTextFr],
  ['prompts', promptText, promptTextFr],
];

// String modules that are not words themselves (the locale logic, shared pieces of error texts).
const NOT_WORDS = new Set(['locale', 'chooseLocale', 'errorParts']);

/**
 * Names, technical words and words that are the same in both languages, once the sample arguments,
 * numbers and punctuation are taken out.
 */
const SAME_IN_BOTH = new Set([
  'Causerie',
  'Conversation',
  'Message',
  'Question',
  'Documents',
  'Options',
  'Image',
  'Images',
  'image',
  'vision',
  'Assistant',
  'Top P',
  'Top K',
  'Min P',
  'Ollama',
  'English',
  'Français',
  'causerie',
  'total s',
  's',
  'min s',
  'page',
  'WebAssembly threads',
]);

const isSameInBoth = (text: string) => {
  const words = text
    .replace(/Xy|Zw|NaN|\d+/g, '')
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
  return words === '' || SAME_IN_BOTH.has(words);
};

/** Arguments to try on a word function, until one set does not throw. */
const SAMPLE_ARGS = [
  (n: number) => Array.from({ length: n }, () => 'Xy'),
  (n: number) => Array.from({ length: n }, () => 3),
  (n: number) => Array.from({ length: n }, () => ['Xy', 'Zw']),
  (n: number) =>
    Array.from({ length: n }, () => ({
      imagesRefused: 2,
      truncated: 2,
      servers: 2,
      prompts: 2,
      width: 64,
      height: 64,
      steps: 4,
      seed: 1,
    })),
];

function call(
  fn: (...args: unknown[]) => unknown,
  other: (...args: unknown[]) => unknown,
): [unknown, unknown] {
  for (const make of SAMPLE_ARGS) {
    const args = make(Math.max(fn.length, 1));
    try {
      return [fn(...args), other(...args)];
    } catch {
      // the next kind of argument
    }
  }
  throw new Error('no sample arguments fit');
}

/** Pairs of (path, English, French) leaves: texts, or what functions return for sample arguments. */
function leaves(path: string, en: unknown, fr: unknown, out: [string, unknown, unknown][] = []) {
  if (typeof en === 'function' && typeof fr === 'function') {
    const [a, b] = call(en as never, fr as never);
    return leaves(`${path}()`, a, b, out);
  }
  if (Array.isArray(en) && Array.isArray(fr)) {
    en.forEach((x, i) => leaves(`${path}[${i}]`, x, fr[i], out));
    return out;
  }
  if (en && typeof en === 'object' && fr && typeof fr === 'object') {
    expect(Object.keys(fr).sort(), `${path}: the same keys`).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en)) leaves(`${path}.${k}`, (en as never)[k], (fr as never)[k], out);
    return out;
  }
  out.push([path, en, fr]);
  return out;
}

/** A space before : ; ? ! or inside « » that is not a no-break space (French typography). */
const BREAKING_SPACE = / [:;?!](\s|$)|« | »/;

describe('French strings', () => {
  it('exist for every string module, so a new module cannot ship in English only', () => {
    const en = Object.keys(import.meta.glob('../../../src/lib/i18n/*.ts'))
      .map((path) => path.split('/').at(-1)!.replace(/\.ts$/, ''))
      .filter((name) => !NOT_WORDS.has(name));
    const fr = new Set(
      Object.keys(import.meta.glob('../../../src/lib/i18n/fr/*.ts')).map((path) =>
        path.split('/').at(-1)!.replace(/\.ts$/, ''),
      ),
    );
    expect(en.length).toBeGreaterThan(10);
    expect(en.filter((name) => !fr.has(name))).toEqual([]);
  });

  for (const [name, en, fr] of modules) {
    it(`${name}: every key is translated, with French punctuation`, () => {
      const pairs = leaves(name, en, fr);
      expect(pairs.length).toBeGreaterThan(0);
      const untranslated = pairs.filter(([, a, b]) => typeof a === 'string' && a === b && !isSameInBoth(a));
      expect(untranslated.map(([p, a]) => `${p}: ${String(a)}`)).toEqual([]);
      const badSpaces = pairs.filter(([, , b]) => typeof b === 'string' && BREAKING_SPACE.test(b));
      expect(badSpaces.map(([p, , b]) => `${p}: ${String(b)}`)).toEqual([]);
    });
  }

  it('the Send button reads “Envoyer”', () => {
    expect(mFr.send).toBe('Envoyer');
  });

  it('keeps technical names as they are', () => {
    expect(panelTextFr.optionHelp.num_predict).toContain('-1');
    expect(mFr.cutByLength).toContain('num_predict');
    expect(contextTextFr.raiseContext(8192)).toContain('num_ctx');
  });
});

const contexts: ErrorContext[] = [
  {},
  { host: 'localhost', port: '11434', baseUrl: 'http://localhost:11434', origin: 'https://site.example' },
  { host: 'gpu.school', port: '443', baseUrl: 'https://gpu.school', serverKind: 'ollama', origin: 'null' },
  { baseUrl: 'http://10.0.0.2:8080', serverKind: 'openai', authType: 'bearer', status: 404, model: 'qwen3' },
  { authType: 'basic', status: 403, serverText: 'no', isLost: true, phase: 'first-byte', timeoutMs: 1500 },
  {
    authType: 'headers',
    localNetworkPermission: 'denied',
    isUnfinished: true,
    isOllamaV1: true,
    model: 'llama3.2',
  },
  {
    localNetworkPermission: 'prompt',
    isTruncated: true,
    isSafari: true,
    host: 'localhost',
    needsSignin: true,
  },
  {
    status: 422,
    serverText: 'top_p must be < 1.0',
    promptTokens: 5000,
    contextSize: 4096,
    setting: 'header',
  },
  { setting: 'keep_alive', settingValue: '1d', operation: 'delete', suggestedBaseUrl: 'https://gpu.school' },
  { serverText: 'model is loading', pageTitle: '502 Bad Gateway', isSameOrigin: true, status: 502 },
  { serverText: 'CUDA error: out of memory', headerName: 'X-Key', statusText: 'Forbidden', status: 403 },
];

describe('French failure texts', () => {
  const causes = Object.keys(errorText) as ErrorCause[];

  it('cover every cause', () => {
    expect(Object.keys(errorTextFr).sort()).toEqual([...causes].sort());
  });

  it('say the same diagnosis in French: same steps and commands, different words', () => {
    for (const cause of causes) {
      for (const c of contexts) {
        const en: ErrorFix = errorText[cause](c);
        const fr: ErrorFix = errorTextFr[cause](c);
        const where = `${cause} ${JSON.stringify(c)}`;
        expect(fr.title, where).not.toBe(en.title);
        expect(fr.title, where).not.toMatch(BREAKING_SPACE);
        if (en.detail && en.detail !== c.serverText) expect(fr.detail, where).not.toBe(en.detail);
        expect(fr.detail === undefined, where).toBe(en.detail === undefined);
        expect(
          fr.steps?.map((s) => s.code),
          where,
        ).toEqual(en.steps?.map((s) => s.code));
        fr.steps?.forEach((s, i) => expect(s.label, where).not.toBe(en.steps?.[i]?.label));
      }
    }
  });

  it('translate the CORS fix steps and keep OLLAMA_ORIGINS', () => {
    const fix = errorTextFr.cors({ host: 'localhost', port: '11434', origin: 'https://site.example' });
    expect(fix.title).toBe('localhost:11434 n’autorise pas les requêtes de cette page');
    expect(fix.steps?.[0]?.label).toMatch(/^Linux \(systemd\)\u00a0: ouvrez/);
    expect(fix.steps?.map((s) => s.code).join('\n')).toContain('OLLAMA_ORIGINS=https://site.example');
  });

  it('say, in both languages, that a redirect without CORS headers is refused like a missing origin', () => {
    const c = { host: 'gpu.example', port: '80', origin: 'https://site.example' };
    expect(errorText.cors(c).steps?.at(-1)?.label).toMatch(
      /^If the address redirects .* use the address it redirects to$/,
    );
    expect(errorTextFr.cors(c).steps?.at(-1)?.label).toMatch(
      /^Si l’adresse redirige .* l’adresse vers laquelle elle redirige$/,
    );
  });
});
