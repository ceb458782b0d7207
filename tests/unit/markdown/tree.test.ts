import { describe, expect, it } from 'vitest';
import {
  lexMarkdown,
  MAX_INLINE_ELEMENTS,
  MAX_TABLE_ROWS,
  normalizeNewlines,
} from '../../../src/lib/markdown/lex';
import { renderMarkdown } from '../../../src/lib/markdown/render';
import { blockNodes } from '../../../src/lib/markdown/tree';
import { buildFragment, ProgressiveBuild } from '../../../src/lib/markdown/build';
import { hostilePayloads } from '../../fixtures/hostile';
import { markdownFixtures } from '../../fixtures/markdown/documents';
import { canonicalHtml, canonicalNodes } from '../../fixtures/markdown/canonical';

const built = (text: string): string => canonicalNodes(blockNodes(lexMarkdown(normalizeNewlines(text))));

describe('DOM built from tokens equals the sanitised reference render', { timeout: 60_000 }, () => {
  it.each(markdownFixtures.map((f) => [f.name, f.text]))('fixture %s', (_name, text) => {
    expect(built(text)).toBe(canonicalHtml(renderMarkdown(text)));
  });

  // Character references, URL schemes spelled with them, attribute values the sanitiser refuses,
  // tags that only count in pairs, links inside links.
  const tricky = [
    '&copy; &copyx; &amp &amp; &#106; &#0; &#x80; &nbsp;x &notit; &NotAName; &#1114112;',
    '[a](&#106;avascript:alert(1)) [b](&#x6A;avascript:x) [c](java&#x09;script:x) [d](https://x.y/&amp;q)',
    '[t](https://x.y "a --> b") [u](https://x.y "</title>") [v](https://x.y/--> ) [w](https://x.y "a/>b")',
    '<https://x.y/a&amp;b> www.x.y/?a=1&b=2 mail@x.y',
    'H<sub>2</sub>O x<sup>2 <sub>a<sup>b</sub></sup> </kbd> <kbd>a</kbd> a<br/>b <sub>*x</sub>*',
    '[![pic](https://x.y/p.png) text](https://x.y/page) ![alone](https://x.y/a.png "t")',
    '- [x] done\n- [ ] todo\n\n1. [x] loose\n\n2. two\n',
    '3) three\n4) four\n',
    '> - [x] a\n>   > b *c*\n',
    '| a | b |\n|:-|-:|\n| `x|y` | **z** |\n| <sub>1</sub> | &lt; |\n',
    'Text $a*b$ and *c* \\(x\\) $$y$$ $5 and $6$\n\n$$\nz\n$$\n',
    '```js" x\n<b>&amp;</b>\n```\n\n    indented &amp; <i>\n',
    '- ' + Array.from({ length: 30 }, (_, i) => '  '.repeat(i) + '- level ' + i).join('\n'),
    '>'.repeat(40) + ' deep quote',
  ];
  it.each(tricky.map((t) => [t]))('tricky %s', (text) => {
    expect(built(text)).toBe(canonicalHtml(renderMarkdown(text)));
  });

  it.each(hostilePayloads.map((p) => [p]))('hostile %s', (payload) => {
    expect(built(payload)).toBe(canonicalHtml(renderMarkdown(payload)));
  });
});

describe('building a huge block a slice at a time', { timeout: 60_000 }, () => {
  it('gives the same DOM as building it at once, over several steps', () => {
    const text = '| a | b |\n|---|---|\n' + '| *x* | `y` |\n'.repeat(1000);
    const nodes = blockNodes(lexMarkdown(text));
    const build = new ProgressiveBuild(document, nodes);
    let steps = 0;
    // A deadline already past: each step builds one slice only.
    while (!build.step(0)) steps += 1;
    expect(steps).toBeGreaterThan(10);
    const sliced = document.createElement('div');
    sliced.append(build.fragment);
    const whole = document.createElement('div');
    whole.append(buildFragment(document, nodes));
    expect(sliced.innerHTML).toBe(whole.innerHTML);
    expect(sliced.querySelectorAll('tbody tr')).toHaveLength(1000);
  });

  it('keeps a paragraph of 100,000 escapes as one text node', () => {
    const nodes = blockNodes(lexMarkdown('\\('.repeat(100_000)));
    const container = document.createElement('div');
    container.append(buildFragment(document, nodes));
    const paragraph = container.querySelector('p');
    expect(paragraph?.childNodes).toHaveLength(1);
    expect(paragraph?.textContent).toBe('('.repeat(100_000));
  });

  it('shows formatting past the cap of a paragraph as its text, the same in the reference', () => {
    const text = 'start ' + '`a`b*c*'.repeat(MAX_INLINE_ELEMENTS) + ' end';
    const container = document.createElement('div');
    container.append(buildFragment(document, blockNodes(lexMarkdown(text))));
    const paragraph = container.querySelector('p')!;
    expect(paragraph.querySelectorAll('*')).toHaveLength(MAX_INLINE_ELEMENTS);
    expect(paragraph.querySelectorAll('code')).toHaveLength(MAX_INLINE_ELEMENTS / 2);
    // The rest is the text as written, to its end.
    expect(paragraph.textContent?.endsWith('`a`b*c*`a`b*c* end')).toBe(true);
    expect(built(text)).toBe(canonicalHtml(renderMarkdown(text)));
  });

  it('shows the rows of a table past its cap as a paragraph of their text', () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 50 }, (_, i) => `| ${i} | *x* |`);
    const text = '| a | b |\n|---|---|\n' + rows.join('\n') + '\n';
    const container = document.createElement('div');
    container.append(buildFragment(document, blockNodes(lexMarkdown(text))));
    expect(container.querySelectorAll('tbody tr')).toHaveLength(MAX_TABLE_ROWS);
    const after = container.querySelector('.md-table + p, .md-table ~ p');
    expect(after?.textContent?.startsWith(`| ${MAX_TABLE_ROWS} |`)).toBe(true);
    expect(after?.textContent?.endsWith(`| ${MAX_TABLE_ROWS + 49} | x |`)).toBe(true);
    expect(built(text)).toBe(canonicalHtml(renderMarkdown(text)));
  });
});
