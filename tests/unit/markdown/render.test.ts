import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/lib/markdown/render';
import { sanitizeHtml } from '../../../src/lib/markdown/sanitize';
import { markdownStrings } from '../../../src/lib/i18n/markdown';

function dom(html: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = html;
  return container;
}

describe('renderMarkdown', () => {
  it('renders GFM blocks', () => {
    const html = renderMarkdown('# Title\n\nText with **bold** and ~~gone~~.\n\n> quote\n\n---\n');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<hr>');
  });

  it('shows raw HTML as text, keeping only bare br/sub/sup/kbd', () => {
    const root = dom(renderMarkdown('<div onclick="x()">hi</div> H<sub>2</sub>O <kbd>Ctrl</kbd> a<br/>b'));
    expect(root.textContent).toContain('<div onclick="x()">hi</div>');
    expect(root.querySelector('div')).toBeNull();
    expect(root.querySelector('sub')?.textContent).toBe('2');
    expect(root.querySelector('kbd')?.textContent).toBe('Ctrl');
    expect(root.querySelector('br')).not.toBeNull();
  });

  it('opens web links in a new tab without referrer or opener', () => {
    const link = dom(renderMarkdown('[site](https://example.com "Title")')).querySelector('a');
    expect(link).toHaveAttribute('href', 'https://example.com');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link).toHaveAttribute('title', 'Title');
  });

  it('drops links with other schemes but keeps their text', () => {
    const root = dom(
      renderMarkdown('[a](javascript:alert(1)) [b](data:text/html,x) [c](/relative) [d](#top)'),
    );
    const anchors = [...root.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).toEqual([null, null, null, null]);
    expect(root.textContent?.trim()).toBe('a b c d');
  });

  it('shows images as links to them, never as <img>', () => {
    const root = dom(renderMarkdown('![a cat](https://example.com/cat.png) ![local](cat.png)'));
    expect(root.querySelector('img')).toBeNull();
    const link = root.querySelector('a.md-image-link');
    expect(link).toHaveAttribute('href', 'https://example.com/cat.png');
    expect(link).toHaveTextContent(markdownStrings.image('a cat'));
    expect(root.textContent).toContain(markdownStrings.image('local'));
  });

  it('renders task lists with disabled checkboxes', () => {
    const root = dom(renderMarkdown('- [x] done\n- [ ] todo\n'));
    const boxes = [...root.querySelectorAll('input')];
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box).toHaveAttribute('type', 'checkbox');
      expect(box).toBeDisabled();
    }
    expect(boxes[0]).toBeChecked();
    expect(boxes[1]).not.toBeChecked();
    expect(root.querySelectorAll('li.md-task')).toHaveLength(2);
  });

  it('renders tables with alignment inside a scroll wrapper', () => {
    const root = dom(renderMarkdown('| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n'));
    expect(root.querySelector('.md-table > table')).not.toBeNull();
    expect([...root.querySelectorAll('th')].map((th) => th.getAttribute('align'))).toEqual([
      'left',
      'center',
      'right',
    ]);
  });

  it('renders code blocks with their language, escaped, with no trailing newline', () => {
    const root = dom(renderMarkdown('```TypeScript\nconst a = 1 < 2;\n```\n'));
    const code = root.querySelector('.md-code pre > code');
    expect(code).toHaveClass('language-typescript');
    expect(code?.textContent).toBe('const a = 1 < 2;');
    expect(root.querySelector('.md-code-lang')).toHaveTextContent('typescript');
  });

  it('ignores a fence language that is not a plain word', () => {
    const root = dom(renderMarkdown('```js" onclick="x\ncode\n```\n'));
    expect(root.querySelector('code')?.className).toBe('');
  });

  it('keeps math as TeX source in placeholders, outside markdown', () => {
    const root = dom(renderMarkdown('Inline $a_1 * b_2$ and \\(x\\).\n\n$$\n\\frac{1}{2}\n$$\n'));
    const math = [...root.querySelectorAll('.md-math')];
    expect(math.map((m) => m.textContent)).toEqual(['a_1 * b_2', 'x', '\\frac{1}{2}']);
    expect(math[2]).toHaveClass('md-math-display');
    expect(root.querySelector('em')).toBeNull();
  });

  it('does not take prices for math', () => {
    const root = dom(renderMarkdown('It costs $5 and $10, or $ 3 $.'));
    expect(root.querySelector('.md-math')).toBeNull();
  });

  it('lets a math block interrupt a paragraph and keeps list-like TeX lines inside it', () => {
    const root = dom(renderMarkdown('We get:\n$$\na^2\n- b^2\n$$\n'));
    expect(root.querySelector('ul')).toBeNull();
    expect(root.querySelector('.md-math-display')?.textContent).toBe('a^2\n- b^2');
  });

  it('reads link reference definitions as text, so later text never changes earlier blocks', () => {
    const root = dom(renderMarkdown('See [docs][1].\n\n[1]: https://example.com\n'));
    expect(root.textContent).toContain('[docs][1]');
    expect(root.querySelector('a')).toHaveAttribute('href', 'https://example.com');
  });

  it('treats CRLF like LF', () => {
    expect(renderMarkdown('# A\r\n\r\n- x\r\n- y\r\n')).toBe(renderMarkdown('# A\n\n- x\n- y\n'));
  });

  it('needs no style attributes', () => {
    const html = renderMarkdown('| a |\n|:-:|\n| b |\n\n- [x] t\n\n```js\nx\n```\n');
    expect(html).not.toMatch(/style=/i);
  });
});

describe('sanitizeHtml', () => {
  it('keeps markdown elements and removes everything else', () => {
    const html = sanitizeHtml(
      '<p class="md-x evil" id="a" style="color:red" onclick="x()">t</p><img src="x"><iframe></iframe>',
    );
    expect(html).toBe('<p class="md-x">t</p>');
  });

  it('forces inputs to be disabled checkboxes', () => {
    const root = dom(sanitizeHtml('<input type="text" value="x"><input type="checkbox" checked>'));
    for (const input of root.querySelectorAll('input')) {
      expect(input).toHaveAttribute('type', 'checkbox');
      expect(input).toBeDisabled();
    }
  });
});

describe('renderMarkdown: nesting', () => {
  it('nests lists and quotes at most MAX_NESTING deep, deeper markers read as text', async () => {
    const { MAX_NESTING } = await import('../../../src/lib/markdown/lex');
    const list = Array.from({ length: 40 }, (_, i) => '  '.repeat(i) + `- level ${i}`).join('\n');
    const root = dom(renderMarkdown(list));
    let depth = 0;
    for (let ul = root.querySelector('ul'); ul; ul = ul.querySelector(':scope > li > ul')) depth += 1;
    expect(depth).toBe(MAX_NESTING);
    expect(root.textContent).toContain('level 39');
    const quotes = dom(renderMarkdown('>'.repeat(100) + ' deep'));
    expect(quotes.querySelectorAll('blockquote')).toHaveLength(MAX_NESTING);
    expect(quotes.textContent).toContain('deep');
  });
});
