// Loaded on demand (dynamic import) the first time a finished block contains math.
// Temml turns TeX into MathML, which browsers lay out natively: no fonts, no inline styles.
import temml from 'temml';
import type { Config, DOMPurify as Purifier } from 'dompurify';
import { createPurifier, escapeHtml } from './sanitize';
import { markdownStrings } from '../i18n/markdown';

/** Longer TeX is shown as source: typesetting it would be one long main-thread task. */
export const MAX_TEX_CHARS = 10_000;
/**
 * Sizes in TeX (`\rule`, `\kern`, `\hspace`…) are capped at this many em and points:
 * `\rule{100000em}{100000em}` drew a box of 1.5 million pixels.
 */
export const MAX_TEX_SIZE: [em: number, pt: number] = [40, 600];
/** Macro expansions per formula: `\def\x{\x\x}\x` would otherwise run until memory runs out. */
export const MAX_TEX_EXPANSIONS = 500;

// Temml's style attributes are renamed before its markup is parsed at all: even parsing a style
// attribute in a detached document counts as a CSP violation. Temml escapes quotes in values and
// text, so ` style="` can only be the start of an attribute.
const STYLE_ATTRIBUTE = / style="/g;
const STYLE_STASH = 'data-temml-style';
const COLOR = /^(?:#[\da-f]{3,8}|[a-z]{3,20})$/i;
const CLASS_NAME = /^[a-z][\w-]{0,40}$/i;

let purifier: Purifier | undefined;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  const instance = createPurifier();
  // Temml puts a few things in style attributes, which the page's CSP forbids. Keep their meaning
  // where MathML or a class can carry it, and drop the attribute (see STYLE_ATTRIBUTE).
  instance.addHook('beforeSanitizeAttributes', (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const style = node.getAttribute(STYLE_STASH);
    if (style === null) return;
    node.removeAttribute(STYLE_STASH);
    for (const declaration of style.split(';')) {
      const colon = declaration.indexOf(':');
      const property = declaration.slice(0, colon).trim().toLowerCase();
      const value = declaration.slice(colon + 1).trim();
      if (property === 'color' && COLOR.test(value)) node.setAttribute('mathcolor', value);
      else if (property === 'background-color' && COLOR.test(value))
        node.setAttribute('mathbackground', value);
      else if (property === 'border') node.classList.add('tml-fbox');
    }
  });
  instance.addHook('uponSanitizeAttribute', (_node, event) => {
    if (event.attrName !== 'class') return;
    event.attrValue = event.attrValue
      .split(/\s+/)
      .filter((name) => CLASS_NAME.test(name))
      .join(' ');
  });
  // Parsed once: given with each call, DOMPurify would read the whole configuration every time.
  instance.setConfig(config);
  purifier = instance;
  return instance;
}

const config: Config & { RETURN_DOM_FRAGMENT: true } = {
  USE_PROFILES: { mathMl: true },
  ADD_ATTR: ['class'],
  FORBID_TAGS: ['maction', 'annotation-xml', 'semantics', 'annotation'],
  FORBID_ATTR: ['style', 'href', 'xlink:href', 'id', 'src'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

function sanitizeMathMl(html: string): DocumentFragment {
  // The configuration set above returns a fragment; the types only know that from the argument.
  return getPurifier().sanitize(html) as unknown as DocumentFragment;
}

function sourceFallback(tex: string, reason: string): string {
  return `<code class="md-math-error" title="${escapeHtml(reason)}">${escapeHtml(tex)}</code>`;
}

/**
 * MathML for `tex` as sanitised HTML text, or the TeX source in a code span when it cannot be
 * typeset. Never throws.
 */
export function mathToHtml(tex: string, display: boolean): string {
  const container = document.createElement('span');
  container.append(mathToFragment(tex, display));
  return container.innerHTML;
}

function mathToFragment(tex: string, display: boolean): DocumentFragment {
  const fallback = (reason: string): DocumentFragment => {
    const template = document.createElement('template');
    template.innerHTML = sourceFallback(tex, reason);
    return template.content;
  };
  if (tex.length > MAX_TEX_CHARS) return fallback(markdownStrings.invalidMath);
  try {
    // trust: false refuses \href, \class, \style, \data and friends; no shared macros object, so
    // one message's \def cannot leak into the next.
    const mathMl = temml.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      strict: false,
      annotate: false,
      maxSize: MAX_TEX_SIZE,
      maxExpand: MAX_TEX_EXPANSIONS,
    });
    return sanitizeMathMl(mathMl.replace(STYLE_ATTRIBUTE, ` ${STYLE_STASH}="`));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n', 1)[0]?.trim() : undefined;
    return fallback(message || markdownStrings.invalidMath);
  }
}

/** Typesets a math placeholder (`.md-math`, whose text is the TeX source) in place. */
export function typesetElement(element: HTMLElement): void {
  if (element.classList.contains('md-math-rendered')) return;
  const tex = element.textContent ?? '';
  element.replaceChildren(mathToFragment(tex, element.classList.contains('md-math-display')));
  element.classList.add('md-math-rendered');
}
