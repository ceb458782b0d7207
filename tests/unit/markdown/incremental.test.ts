import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { IncrementalMarkdown, completePartialTableRow } from '../../../src/lib/markdown/incremental';
import * as render from '../../../src/lib/markdown/render';
import { longMixedDocument, markdownFixtures } from '../../fixtures/markdown/documents';
import { streamInChunks } from '../../fixtures/markdown/stream';

function dom(html: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = html;
  return container;
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 });

describe('IncrementalMarkdown: streamed equals one-shot', () => {
  for (const fixture of markdownFixtures) {
    it(`${fixture.name}, in random chunk sizes`, () => {
      const expected = render.renderMarkdown(fixture.text);
      fc.assert(
        fc.property(chunkSizes, (sizes) => {
          expect(streamInChunks(fixture.text, sizes).html).toBe(expected);
        }),
        { numRuns: 15 },
      );
    });
  }

  it('one character at a time', () => {
    const text = markdownFixtures
      .filter((fixture) =>
        ['headings', 'tables with alignment', 'math', 'code fences'].includes(fixture.name),
      )
      .map((fixture) => fixture.text)
      .join('\n');
    expect(streamInChunks(text, [1]).html).toBe(render.renderMarkdown(text));
  }, 30_000);

  // Lines built from the constructs whose meaning depends on the lines after them (setext
  // underlines, table delimiter rows, lazy continuations, loose lists, fences, math blocks).
  const lineStarts = ['', '', '# ', '- ', '  - ', '1. ', '3) ', '> ', '    ', '- [ ] ', '|', '  '];
  const lineBodies = [
    '',
    'text',
    'a *b* c',
    '**x',
    '`c`',
    '```',
    '```py',
    '~~~',
    '---',
    '===',
    '***',
    '| a | b |',
    'a | b',
    '|---|---|',
    ':-|-:',
    '$$',
    '$$ x $$',
    '$x$',
    '\\[',
    '\\]',
    '<div>',
    '[a](http://x)',
    '[a]: http://x',
    'é 中 🙂',
    '- a',
  ];
  const line = fc
    .tuple(fc.constantFrom(...lineStarts), fc.array(fc.constantFrom(...lineBodies), { maxLength: 3 }))
    .map(([start, bodies]) => start + bodies.join(' '));

  it('generated documents, in random chunk sizes', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), chunkSizes, (lines, sizes) => {
        const text = lines.join('\n');
        expect(streamInChunks(text, sizes).html).toBe(render.renderMarkdown(text));
      }),
      { numRuns: 150 },
    );
  });

  it('CRLF split between chunks', () => {
    const text = '# Title\r\n\r\n- a\r\n- b\r\n\r\nend\r\n';
    for (const size of [1, 2, 3, 5]) {
      expect(streamInChunks(text, [size]).html).toBe(render.renderMarkdown(text));
    }
  });
});

describe('IncrementalMarkdown: finished blocks', () => {
  it('are emitted once, in order, and only when the next block has begun', () => {
    const renderer = new IncrementalMarkdown();
    expect(renderer.update('# Title\n').blocks).toEqual([]);
    expect(renderer.update('# Title\n\nFirst para').blocks).toEqual([]);
    expect(renderer.update('# Title\n\nFirst paragraph.\n').blocks).toEqual(['<h1>Title</h1>\n']);
    expect(renderer.update('# Title\n\nFirst paragraph.\n\nSecond').blocks).toEqual([]);
    const update = renderer.update('# Title\n\nFirst paragraph.\n\nSecond one.\n');
    expect(update.blocks).toEqual(['<p>First paragraph.</p>\n']);
    expect(update.tail).toBe('<p>Second one.</p>\n');
  });

  it('waits for a whole line: a setext underline can still turn a paragraph into a heading', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('Title\n');
    expect(renderer.update('Title\n-').blocks).toEqual([]);
    expect(renderer.update('Title\n---\n').blocks).toEqual([]);
    expect(renderer.update('Title\n---\n\nnext').blocks).toEqual([]);
    const update = renderer.update('Title\n---\n\nnext\n');
    expect(update.blocks.join('')).toBe('<h2>Title</h2>\n');
  });

  it('keeps a list open across blank lines until something else begins', () => {
    const renderer = new IncrementalMarkdown();
    expect(renderer.update('- a\n\n').blocks).toEqual([]);
    expect(renderer.update('- a\n\n- b\n\n').blocks).toEqual([]);
    const update = renderer.update('- a\n\n- b\n\nafter\n');
    expect(update.blocks.join('')).toContain('<li><p>a</p>');
  });

  it('starts over when the text is not a continuation', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('# One\n\ntext\n');
    const update = renderer.update('# Two\n\nother\n');
    expect(update.reset).toBe(true);
    expect(update.blocks).toEqual(['<h1>Two</h1>\n']);
    expect(renderer.update('# Two\n\nother\nmore').reset).toBe(false);
  });

  it('renders everything on finish, and treats a changed text after that as new', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('para');
    expect(renderer.finish('para').blocks).toEqual(['<p>para</p>\n']);
    expect(renderer.update('para').blocks).toEqual([]);
    expect(renderer.finish('para!').reset).toBe(true);
  });

  it('lexes only the unfinished tail, so an update costs the same however long the answer is', () => {
    const lex = vi.spyOn(render, 'lexMarkdown');
    const text = longMixedDocument(80);
    streamInChunks(text, [7, 13, 31]);
    const lengths = lex.mock.calls.map(([source]) => source.length);
    lex.mockRestore();
    expect(lengths.length).toBeGreaterThan(1000);
    const longest = Math.max(...lengths);
    expect(text.length).toBeGreaterThan(20_000);
    // The biggest block of the document is well under 400 characters.
    expect(longest).toBeLessThan(600);
  });
});

describe('IncrementalMarkdown: the tail mid-stream', () => {
  it('shows an unclosed code fence as a code block', () => {
    const { tail } = new IncrementalMarkdown().update('Code:\n\n```python\ndef f(x):\n    return x');
    const code = dom(tail).querySelector('.md-code pre > code.language-python');
    expect(code?.textContent).toBe('def f(x):\n    return x');
  });

  it('shows a half-written table as a table', () => {
    const renderer = new IncrementalMarkdown();
    const text = '| Name | Age |\n|------|----:|\n| Ann | 31 |\n| Bob |';
    const root = dom(renderer.update(text).tail);
    expect(root.querySelector('table')).not.toBeNull();
    expect([...root.querySelectorAll('tbody tr')].map((row) => row.textContent?.trim().split(/\s+/))).toEqual(
      [['Ann', '31'], ['Bob']],
    );
    expect(root.textContent).not.toContain('|');
  });

  it('shows a table header as a table while its delimiter row is being written', () => {
    const root = dom(new IncrementalMarkdown().update('| Name | Age |\n|---').tail);
    expect([...root.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Name', 'Age']);
    expect(completePartialTableRow('| a | b |\n|--')).toBe('| a | b |\n| --- | --- |');
    expect(completePartialTableRow('a | b\n|:-')).toBe('a | b\n| --- | --- |');
    expect(completePartialTableRow('text\n--')).toBe('text\n--');
    expect(completePartialTableRow('- item\n- ')).toBe('- item\n- ');
  });

  it('shows an unfinished list as a list', () => {
    const root = dom(new IncrementalMarkdown().update('Steps:\n\n1. one\n2. tw').tail);
    expect([...root.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['one', 'tw']);
  });

  it('shows unclosed display math as its source', () => {
    const root = dom(new IncrementalMarkdown().update('$$\n\\int_0^1 x\\,dx').tail);
    expect(root.querySelector('.md-math-display')?.textContent).toBe('\\int_0^1 x\\,dx');
  });
});
