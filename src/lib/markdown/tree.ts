import { decodeHTML, decodeHTMLAttribute } from 'entities';
import type { Token, Tokens } from 'marked';
import { codeLanguage, plainText, SIMPLE_TAGS, WEB_URL } from './lex';
import { markdownStrings } from '../i18n/markdown';

// Markdown tokens to a description of the DOM to build: elements from a fixed list, attributes
// from a fixed list, text as text. No HTML string is ever made or parsed. It runs in the lexing
// worker (plain data, structured-clonable), and build.ts turns it into nodes on the main thread,
// checking the same allow-list again.
//
// Each rule mirrors the reference HTML renderer (lex.ts) followed by the HTML parser and the
// sanitiser (sanitize.ts): the tests hold the built DOM equal to that for every fixture and the
// whole hostile corpus. Text goes through the same escaping as marked's, then the HTML
// character-reference decoding a browser would apply, so `&copy;` reads © and `&#106;` j, exactly
// as in the reference.

export type Tag =
  | 'a'
  | 'blockquote'
  | 'br'
  | 'code'
  | 'del'
  | 'div'
  | 'em'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'h5'
  | 'h6'
  | 'hr'
  | 'input'
  | 'kbd'
  | 'li'
  | 'ol'
  | 'p'
  | 'pre'
  | 'span'
  | 'strong'
  | 'sub'
  | 'sup'
  | 'table'
  | 'tbody'
  | 'td'
  | 'th'
  | 'thead'
  | 'tr'
  | 'ul';

export interface MdElement {
  tag: Tag;
  attrs?: Record<string, string>;
  children?: MdNode[];
}

/** A text node (a string) or an element. */
export type MdNode = string | MdElement;

/** Links may only point to the web or to mail (the sanitiser's rule, whitespace ignored). */
export const SAFE_URL = /^(?:https?:|mailto:)/i;
// Characters the sanitiser ignores when it checks a URL's scheme.
// eslint-disable-next-line no-control-regex
const URL_WHITESPACE = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;
// Attribute values the sanitiser refuses whatever the attribute (markup that could break out).
const VALUE_BREAKOUT = /((--!?|])>)|<\/(style|script|title|xmp|textarea|noscript|iframe|noembed|noframes)/i;
const AMP_NOT_REFERENCE = /&(?!(#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g;

function el(tag: Tag, attrs?: Record<string, string>, children?: MdNode[]): MdElement {
  const element: MdElement = { tag };
  if (attrs) element.attrs = attrs;
  if (children && children.length > 0) element.children = mergeText(children);
  return element;
}

/** Adjacent strings become one: one text node instead of thousands (`\\(` ×100,000). */
function mergeText(nodes: MdNode[]): MdNode[] {
  let merged: MdNode[] | undefined;
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i]!;
    const last = merged?.at(-1);
    if (typeof node === 'string' && i > 0 && typeof (merged ? last : nodes[i - 1]) === 'string') {
      merged ??= nodes.slice(0, i);
      merged[merged.length - 1] = (merged.at(-1) as string) + node;
    } else merged?.push(node);
  }
  return merged ?? nodes;
}

/** What a browser shows for text that marked escaped without `encode` (references kept). */
export function htmlText(text: string): string {
  if (!text.includes('&')) return text;
  return decodeHTML(text.replace(AMP_NOT_REFERENCE, '&amp;'));
}

/** The same for an attribute value, escaped with `encode` or not. */
function htmlAttribute(value: string, encode: boolean): string {
  if (encode || !value.includes('&')) return value;
  return decodeHTMLAttribute(value.replace(AMP_NOT_REFERENCE, '&amp;'));
}

/** An attribute value as the sanitiser leaves it, or undefined when it removes it. */
function cleanValue(value: string): string | undefined {
  const trimmed = value.trim();
  return VALUE_BREAKOUT.test(trimmed) ? undefined : trimmed;
}

/** Attributes of a link to `href`: kept only for web and mail, opened in a new tab for the web. */
function linkAttributes(href: string, extra?: Record<string, string>): Record<string, string> {
  const attrs: Record<string, string> = { ...extra };
  const value = cleanValue(href);
  if (value !== undefined && SAFE_URL.test(value.replace(URL_WHITESPACE, ''))) {
    attrs['href'] = value;
    if (/^https?:/i.test(value)) {
      attrs['target'] = '_blank';
      attrs['rel'] = 'noopener noreferrer';
    }
  }
  return attrs;
}

function mathPlaceholder(tag: 'div' | 'span', token: Tokens.Generic): MdElement {
  const display = Boolean(token['display']);
  return el(tag, { class: display ? 'md-math md-math-display' : 'md-math' }, [String(token['tex'])]);
}

function checkbox(token: Tokens.Checkbox): MdNode[] {
  const attrs: Record<string, string> = token.checked ? { checked: '' } : {};
  attrs['disabled'] = '';
  attrs['type'] = 'checkbox';
  return [el('input', attrs), ' '];
}

let linkDepth = 0;

/** Inline tokens to nodes. Paired `<sub>`-like tags (see lex.ts) wrap what lies between them. */
export function inlineNodes(tokens: readonly Token[] | undefined): MdNode[] {
  const root: MdNode[] = [];
  const stack: { tag: string; children: MdNode[] }[] = [];
  let out = root;
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'text':
        if (token.tokens) out.push(...inlineNodes(token.tokens));
        else out.push(token.escaped ? decodeHTML(token.text) : htmlText(token.text));
        break;
      case 'escape':
        out.push(htmlText(token.text));
        break;
      case 'html': {
        const text = String(token.text);
        if (text === '<br>') out.push(el('br'));
        else if (SIMPLE_TAGS.has(text) && !text.startsWith('</')) {
          const element = el(text.slice(1, -1) as Tag);
          element.children = [];
          out.push(element);
          stack.push({ tag: text, children: out });
          out = element.children;
        } else if (SIMPLE_TAGS.has(text)) {
          out = stack.pop()?.children ?? root;
        } else out.push(text);
        break;
      }
      case 'link': {
        const link = token as Tokens.Link;
        linkDepth += 1;
        const children = link.autolink ? [link.text] : inlineNodes(link.tokens);
        linkDepth -= 1;
        let href: string;
        try {
          href = encodeURI(link.href).replace(/%25/g, '%');
        } catch {
          out.push(...children);
          break;
        }
        const title = link.title ? cleanValue(htmlText(link.title)) : undefined;
        const attrs = linkAttributes(
          htmlAttribute(href, Boolean(link.autolink)),
          title === undefined ? undefined : { title },
        );
        out.push(el('a', attrs, children));
        break;
      }
      case 'image': {
        const image = token as Tokens.Image;
        const label = markdownStrings.image(plainText(image.tokens, image.text).trim());
        if (linkDepth > 0 || !WEB_URL.test(image.href.trim())) out.push(label);
        else out.push(el('a', linkAttributes(image.href.trim(), { class: 'md-image-link' }), [label]));
        break;
      }
      case 'strong':
      case 'em':
      case 'del':
        out.push(el(token.type, undefined, inlineNodes(token.tokens)));
        break;
      case 'codespan':
        out.push(el('code', undefined, [token.text]));
        break;
      case 'br':
        out.push(el('br'));
        break;
      case 'checkbox':
        out.push(...checkbox(token as Tokens.Checkbox));
        break;
      case 'inlineMath':
        out.push(mathPlaceholder('span', token as Tokens.Generic));
        break;
      default:
        if (typeof token.raw === 'string') out.push(token.raw);
    }
  }
  return root;
}

function cell(token: Tokens.TableCell): MdNode[] {
  const attrs = token.align ? { align: token.align } : undefined;
  return [el(token.header ? 'th' : 'td', attrs, inlineNodes(token.tokens)), '\n'];
}

/** One table row (`<tr>` and the line break after it). */
export function tableRow(cells: readonly Tokens.TableCell[]): MdNode[] {
  return [el('tr', undefined, ['\n', ...cells.flatMap(cell)]), '\n'];
}

export function tableBody(rows: readonly Tokens.TableCell[][]): MdElement {
  return el('tbody', undefined, rows.flatMap(tableRow));
}

export function codeBlock(language: string, text: string): MdElement {
  return el('div', { class: 'md-code' }, [
    el('div', { class: 'md-code-header' }, [el('span', { class: 'md-code-lang' }, [language])]),
    el('pre', undefined, [el('code', language ? { class: `language-${language}` } : undefined, [text])]),
  ]);
}

/** Block tokens to nodes, each block followed by its line break as in marked's HTML. */
export function blockNodes(tokens: readonly Token[]): MdNode[] {
  const out: MdNode[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
      case 'def':
        break;
      case 'hr':
        out.push(el('hr'), '\n');
        break;
      case 'heading':
        out.push(
          el(`h${(token as Tokens.Heading).depth}` as Tag, undefined, inlineNodes(token.tokens)),
          '\n',
        );
        break;
      case 'paragraph':
        out.push(el('p', undefined, inlineNodes(token.tokens)), '\n');
        break;
      case 'text':
        if (token.tokens) out.push(...inlineNodes(token.tokens));
        else out.push(htmlText(token.text as string));
        break;
      case 'code':
        out.push(codeBlock(codeLanguage((token as Tokens.Code).lang), (token as Tokens.Code).text), '\n');
        break;
      case 'blockMath':
        out.push(mathPlaceholder('div', token as Tokens.Generic), '\n');
        break;
      case 'blockquote':
        out.push(el('blockquote', undefined, ['\n', ...blockNodes(token.tokens ?? [])]), '\n');
        break;
      case 'list': {
        const list = token as Tokens.List;
        const attrs = list.ordered && list.start !== 1 ? { start: String(list.start) } : undefined;
        const items = list.items.flatMap((item) => [
          el('li', item.task ? { class: 'md-task' } : undefined, blockNodes(item.tokens)),
          '\n',
        ]);
        out.push(el(list.ordered ? 'ol' : 'ul', attrs, ['\n', ...items]), '\n');
        break;
      }
      case 'checkbox':
        out.push(...checkbox(token as Tokens.Checkbox));
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const parts: MdNode[] = ['\n', el('thead', undefined, ['\n', ...tableRow(table.header)]), '\n'];
        if (table.rows.length > 0) parts.push(tableBody(table.rows));
        out.push(el('div', { class: 'md-table' }, [el('table', undefined, parts), '\n']), '\n');
        break;
      }
      default:
        // Raw HTML blocks are switched off in the lexer; anything else unknown shows as its text.
        if (typeof token.raw === 'string' && token.raw.trim() !== '') out.push(token.raw);
    }
  }
  return out;
}
