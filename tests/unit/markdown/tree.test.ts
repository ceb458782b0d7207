import { describe, expect, it } from 'vitest';
import { lexMarkdown, normalizeNewlines } from '../../../src/lib/markdown/lex';
import { renderMarkdown } from '../../../src/lib/markdown/render';
import { blockNodes } from '../../../src/lib/markdown/tree';
import { hostilePayloads } from '../../fixtures/hostile';
import { markdownFixtures } from '../../fixtures/markdown/documents';
import { canonicalHtml, canonicalNodes } from '../../fixtures/markdown/canonical';

const built = (text: string): string => canonicalNodes(blockNodes(lexMarkdown(normalizeNewlines(text))));

describe('DOM built from tokens equals the sanitised reference render', () => {
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
