import type { MdElement, MdNode, Tag } from './tree';

// Builds DOM nodes from the worker's node descriptions (tree.ts) with createElement and text
// nodes only. The allow-list is checked again here, so whatever a description holds, the page
// only ever gets these elements and attributes: no markup is parsed on this path.

const TAGS: ReadonlySet<string> = new Set<Tag>([
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
]);

// eslint-disable-next-line no-control-regex
const URL_WHITESPACE = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;
const SAFE_URL = /^(?:https?:|mailto:)/i;
const WEB_URL = /^https?:/i;
const SAFE_CLASS = /^(?:md-[a-z-]+|language-[\w#+.-]{1,40})$/;

/** Whether `name="value"` may stand on a `tag` element. */
function allowed(tag: string, name: string, value: string): boolean {
  switch (name) {
    case 'class':
      return value.split(' ').every((part) => SAFE_CLASS.test(part));
    case 'href':
      return tag === 'a' && SAFE_URL.test(value.replace(URL_WHITESPACE, ''));
    case 'title':
      return tag === 'a';
    case 'align':
      return (tag === 'th' || tag === 'td') && /^(?:left|center|right)$/.test(value);
    case 'start':
      return tag === 'ol' && /^\d{1,9}$/.test(value);
    case 'checked':
      return tag === 'input';
    default:
      // target, rel, type and disabled are set below from the tag, never taken from the input.
      return false;
  }
}

/** The element alone (no children), or a fragment standing in for a tag we never show. */
function emptyElement(doc: Document, node: MdElement): Element | DocumentFragment {
  if (!TAGS.has(node.tag)) return doc.createDocumentFragment();
  const element = doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (allowed(node.tag, name, value)) element.setAttribute(name, value);
  }
  if (node.tag === 'a') {
    const href = element.getAttribute('href');
    if (href !== null && WEB_URL.test(href)) {
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
  } else if (node.tag === 'input') {
    element.setAttribute('disabled', '');
    element.setAttribute('type', 'checkbox');
  }
  return element;
}

function buildElement(doc: Document, node: MdElement): Node {
  // Not an element we show: a fragment, so its text is kept.
  const element = emptyElement(doc, node);
  if (node.children) appendNodes(element, node.children);
  return element;
}

/**
 * Builds nodes into a fragment a slice at a time: a single huge block (a 20,000-row table, a
 * paragraph of 100,000 spans) must not be one long task. `step` builds until the deadline.
 */
export class ProgressiveBuild {
  readonly fragment: DocumentFragment;
  readonly #doc: Document;
  readonly #stack: { parent: Node; nodes: readonly MdNode[]; index: number }[];

  constructor(doc: Document, nodes: readonly MdNode[]) {
    this.#doc = doc;
    this.fragment = doc.createDocumentFragment();
    this.#stack = [{ parent: this.fragment, nodes, index: 0 }];
  }

  /** Builds until done (true) or past `deadline` (performance.now() time). */
  step(deadline: number): boolean {
    let count = 0;
    while (this.#stack.length > 0) {
      const frame = this.#stack[this.#stack.length - 1]!;
      if (frame.index >= frame.nodes.length) {
        this.#stack.pop();
        continue;
      }
      const node = frame.nodes[frame.index++]!;
      if (typeof node === 'string') {
        if (node !== '') frame.parent.appendChild(this.#doc.createTextNode(node));
      } else {
        const element = emptyElement(this.#doc, node);
        if (node.children) {
          // A fragment stand-in is filled first, then moved into place whole.
          if (element instanceof DocumentFragment) {
            appendNodes(element, node.children);
          } else this.#stack.push({ parent: element, nodes: node.children, index: 0 });
        }
        frame.parent.appendChild(element);
      }
      count += 1;
      if ((count & 255) === 0 && performance.now() > deadline) return false;
    }
    return true;
  }
}

export function buildNode(doc: Document, node: MdNode): Node {
  return typeof node === 'string' ? doc.createTextNode(node) : buildElement(doc, node);
}

/** Appends built nodes to `parent` (empty strings make no text node). */
export function appendNodes(parent: Node, nodes: readonly MdNode[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const node of nodes) {
    if (node === '') continue;
    parent.appendChild(buildNode(doc, node));
  }
}

/** A fragment holding the built nodes. */
export function buildFragment(doc: Document, nodes: readonly MdNode[]): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  appendNodes(fragment, nodes);
  return fragment;
}
