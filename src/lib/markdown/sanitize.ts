import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

// Everything the markdown renderer may emit. Model output is untrusted: raw HTML in it is already
// turned into text by the renderer (see render.ts), and this allow-list is the second wall.
// No img (images become links), no svg/math (math is generated later from TeX, see math.ts), no
// forms, no style, no id/name (DOM clobbering), no data-/aria- attributes.
export const MARKDOWN_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'input',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
] as const;

export const MARKDOWN_ATTRIBUTES = [
  'align',
  'checked',
  'class',
  'disabled',
  'href',
  'rel',
  'start',
  'target',
  'title',
  'type',
] as const;

/**
 * Links may only point to the web or to mail. Not relative paths or #fragments: they would resolve
 * against the app itself (and ids are stripped, so a fragment has nothing to point at).
 */
export const SAFE_URL = /^(?:https?:|mailto:)/i;
const WEB_URL = /^https?:/i;
/** Class names the renderer itself uses; a code fence's language is validated in render.ts too. */
const SAFE_CLASS = /^(?:md-[a-z-]+|language-[\w#+.-]{1,40})$/;
const ALIGN = /^(?:left|center|right)$/;

const config: Config = {
  ALLOWED_TAGS: [...MARKDOWN_TAGS],
  ALLOWED_ATTR: [...MARKDOWN_ATTRIBUTES],
  ALLOWED_URI_REGEXP: SAFE_URL,
  // With our own URI pattern, DOMPurify checks every attribute not listed as "URI-safe" against
  // it; these hold no URL (their values are checked in the hook below).
  ADD_URI_SAFE_ATTR: ['align', 'start', 'type'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  USE_PROFILES: false,
};

/** A private DOMPurify instance, so our hooks never leak into anyone else's use of DOMPurify. */
export function createPurifier(): Purifier {
  if (typeof window === 'undefined') throw new Error('Markdown sanitising needs a DOM (window)');
  return DOMPurify(window);
}

let markdownPurifier: Purifier | undefined;

function getMarkdownPurifier(): Purifier {
  if (markdownPurifier) return markdownPurifier;
  const purifier = createPurifier();
  purifier.addHook('uponSanitizeAttribute', (node, event) => {
    const tag = node.nodeName.toLowerCase();
    const value = event.attrValue;
    switch (event.attrName) {
      case 'class':
        event.attrValue = value
          .split(/\s+/)
          .filter((name) => SAFE_CLASS.test(name))
          .join(' ');
        event.keepAttr = event.attrValue !== '';
        break;
      case 'align':
        event.keepAttr = (tag === 'th' || tag === 'td') && ALIGN.test(value);
        break;
      case 'start':
        event.keepAttr = tag === 'ol' && /^\d{1,9}$/.test(value);
        break;
      case 'type':
      case 'checked':
      case 'disabled':
        event.keepAttr = tag === 'input';
        break;
      case 'target':
      case 'rel':
        // Set by us below, never taken from the input.
        event.keepAttr = false;
        break;
    }
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && WEB_URL.test(href.trim())) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    } else if (node.nodeName === 'INPUT') {
      // Only the renderer's task-list checkboxes: always a disabled checkbox, whatever came in.
      node.setAttribute('type', 'checkbox');
      node.setAttribute('disabled', '');
    }
  });
  // Parsed once: DOMPurify otherwise re-reads the whole configuration on every call.
  purifier.setConfig(config);
  markdownPurifier = purifier;
  return purifier;
}

/** Sanitises HTML to the markdown allow-list. */
export function sanitizeHtml(html: string): string {
  return getMarkdownPurifier().sanitize(html);
}

// Between blocks in a batch. Model text cannot produce it: raw HTML is escaped and the class filter
// only keeps classes the renderer itself writes.
const SPLIT = '<hr class="md-split">';

/**
 * Sanitises several fragments in one call and returns them in order. Each fragment is a whole
 * block (balanced HTML), so sanitising them together is the same as one by one; should the split
 * ever not line up, they are sanitised one by one instead.
 */
export function sanitizeMany(fragments: readonly string[]): string[] {
  if (fragments.length <= 1) return fragments.map(sanitizeHtml);
  const parts = sanitizeHtml(fragments.join(SPLIT)).split(SPLIT);
  return parts.length === fragments.length ? parts : fragments.map(sanitizeHtml);
}

export { escapeHtml } from './escape';
