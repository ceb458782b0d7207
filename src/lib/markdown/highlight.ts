// Loaded on demand (dynamic import) the first time a finished code block declares a language we
// highlight: highlight.js's core plus one chunk per language.
import hljs from 'highlight.js/lib/core';
import type { DOMPurify as Purifier } from 'dompurify';
import { languageLoader } from './languages';
import { createPurifier } from './sanitize';

/** Past this size a block stays plain: highlighting it would be one long main-thread task. */
export const MAX_HIGHLIGHT_CHARS = 20_000;

hljs.configure({ ignoreUnescapedHTML: true, throwUnescapedHTML: false });

const registered = new Map<string, Promise<boolean>>();

function register(name: string): Promise<boolean> {
  let loading = registered.get(name);
  if (!loading) {
    const loader = languageLoader(name);
    loading = loader
      ? loader().then(
          (module) => {
            hljs.registerLanguage(name, module.default);
            return true;
          },
          () => false,
        )
      : Promise.resolve(false);
    registered.set(name, loading);
  }
  return loading;
}

let purifier: Purifier | undefined;

/** highlight.js escapes the code itself; this keeps its output to spans with classes anyway. */
function sanitizeHighlighted(html: string): string {
  if (!purifier) {
    purifier = createPurifier();
    purifier.setConfig({
      ALLOWED_TAGS: ['span'],
      ALLOWED_ATTR: ['class'],
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
    });
  }
  return purifier.sanitize(html);
}

const compiled = new Set<string>();

/** Highlighted HTML for `code` in `language` (a highlight.js name), or undefined if not possible. */
export async function highlightToHtml(code: string, language: string): Promise<string | undefined> {
  if (code.length > MAX_HIGHLIGHT_CHARS || !(await register(language))) return undefined;
  if (!compiled.has(language)) {
    // Compiling a language's rules (on its first use) is a task of its own, apart from a block's.
    compiled.add(language);
    try {
      hljs.highlight('', { language, ignoreIllegals: true });
      sanitizeHighlighted('');
    } catch {
      // It fails again below, and the block stays plain.
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  try {
    return sanitizeHighlighted(hljs.highlight(code, { language, ignoreIllegals: true }).value);
  } catch {
    return undefined;
  }
}

/** Highlights a rendered `<code>` element in place; its text (what Copy copies) does not change. */
export async function highlightElement(element: HTMLElement, language: string): Promise<void> {
  const code = element.textContent ?? '';
  const html = await highlightToHtml(code, language);
  // The element may have been replaced or changed while the language loaded.
  if (html === undefined || element.textContent !== code) return;
  element.innerHTML = html;
  element.classList.add('hljs');
}
