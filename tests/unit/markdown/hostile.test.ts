import { afterEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/lib/markdown/render';
import { sanitizeHtml } from '../../../src/lib/markdown/sanitize';
import { allowedAttributes, allowedElements, hostilePayloads, isDangerousUrl } from '../../fixtures/hostile';
import { streamInChunks } from '../../fixtures/markdown/stream';
import { canonicalHtml } from '../../fixtures/markdown/canonical';

const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcset', 'poster'];

/** Everything in `html` that is not allowed; empty when the HTML is safe. */
function violations(html: string): string[] {
  const container = document.createElement('div');
  container.innerHTML = html;
  const found: string[] = [];
  for (const element of container.querySelectorAll('*')) {
    const tag = element.localName;
    if (!allowedElements.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      found.push(`element <${tag}>`);
    }
    for (const { name, value } of element.attributes) {
      if (!allowedAttributes.has(name)) found.push(`attribute ${name} on <${tag}>`);
      if (URL_ATTRIBUTES.includes(name) && isDangerousUrl(value)) found.push(`URL ${name}="${value}"`);
    }
    if (
      tag === 'input' &&
      (element.getAttribute('type') !== 'checkbox' || !element.hasAttribute('disabled'))
    ) {
      found.push('an input that is not a disabled checkbox');
    }
    if (tag === 'a' && element.getAttribute('target') === '_blank') {
      if (element.getAttribute('rel') !== 'noopener noreferrer') found.push('target=_blank without rel');
    }
  }
  return found;
}

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

afterEach(() => {
  document.body.replaceChildren();
  delete window.__pwned;
});

describe('hostile model output', { timeout: 60_000 }, () => {
  it('has a corpus of at least 40 payloads', () => {
    expect(hostilePayloads.length).toBeGreaterThanOrEqual(40);
  });

  it.each(hostilePayloads.map((payload) => [payload]))('renderMarkdown is safe: %s', (payload) => {
    expect(violations(renderMarkdown(payload))).toEqual([]);
  });

  it.each(hostilePayloads.map((payload) => [payload]))('streaming is safe at every step: %s', (payload) => {
    const expected = canonicalHtml(renderMarkdown(payload));
    for (const sizes of [[1], [3, 7], [50]]) {
      const { blocks, tails, html, dom } = streamInChunks(payload, sizes);
      for (const part of [...blocks, ...tails, html]) expect(violations(part)).toEqual([]);
      expect(dom).toBe(expected);
    }
  });

  it.each(hostilePayloads.map((payload) => [payload]))('split at every position: %s', (payload) => {
    const expected = canonicalHtml(renderMarkdown(payload));
    for (let at = 1; at < payload.length; at += 1) {
      const { tails, dom } = streamInChunks(payload, [at, payload.length]);
      for (const tail of tails) expect(violations(tail)).toEqual([]);
      expect(dom).toBe(expected);
    }
  });

  it.each(hostilePayloads.map((payload) => [payload]))(
    'sanitizeHtml is safe on it as raw HTML: %s',
    (payload) => {
      expect(violations(sanitizeHtml(payload))).toEqual([]);
    },
  );

  it('nothing runs when all of it is shown and clicked, hovered and focused', () => {
    const text = hostilePayloads.join('\n\n');
    const container = document.createElement('div');
    container.innerHTML = renderMarkdown(text) + streamInChunks(text, [5, 11]).tails.join('');
    document.body.append(container);
    for (const element of container.querySelectorAll<HTMLElement>('*')) {
      for (const type of ['click', 'mouseover', 'focus', 'load', 'error', 'toggle']) {
        element.dispatchEvent(new Event(type));
      }
    }
    expect(window.__pwned).toBeUndefined();
  }, 30_000);

  it('keeps hostile text readable rather than dropping it', () => {
    const container = document.createElement('div');
    container.innerHTML = renderMarkdown('<script>window.__pwned=true</script>');
    expect(container.textContent).toContain('<script>window.__pwned=true</script>');
  });
});
