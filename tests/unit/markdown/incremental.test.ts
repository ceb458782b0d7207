import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { buildFragment } from '../../../src/lib/markdown/build';
import {
  IncrementalMarkdown,
  completePartialTableRow,
  type MarkdownUpdate,
} from '../../../src/lib/markdown/incremental';
import * as lex from '../../../src/lib/markdown/lex';
import * as render from '../../../src/lib/markdown/render';
import { blockNodes, type MdNode } from '../../../src/lib/markdown/tree';
import { applyTailOp } from '../../../src/lib/markdown/view';
import { canonicalHtml } from '../../fixtures/markdown/canonical';
import { longMixedDocument, markdownFixtures } from '../../fixtures/markdown/documents';
import { streamInChunks } from '../../fixtures/markdown/stream';

function html(nodes: readonly MdNode[]): string {
  const container = document.createElement('div');
  container.append(buildFragment(document, nodes));
  return container.innerHTML;
}

const blocksOf = (update: MarkdownUpdate): string[] => update.blocks.map(html);

/** The tail element after applying the update's tail change to an empty tail. */
function tailOf(update: MarkdownUpdate, tail = document.createElement('div')): HTMLElement {
  if (update.tail) applyTailOp(tail, update.tail);
  return tail;
}

const oneShot = (text: string): string => canonicalHtml(render.renderMarkdown(text));

const chunkSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 });

describe('IncrementalMarkdown: streamed equals one-shot', { timeout: 60_000 }, () => {
  for (const fixture of markdownFixtures) {
    it(`${fixture.name}, in random chunk sizes`, () => {
      const expected = oneShot(fixture.text);
      fc.assert(
        fc.property(chunkSizes, (sizes) => {
          expect(streamInChunks(fixture.text, sizes).dom).toBe(expected);
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
    expect(streamInChunks(text, [1]).dom).toBe(oneShot(text));
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
        expect(streamInChunks(text, sizes).dom).toBe(oneShot(text));
      }),
      { numRuns: 150 },
    );
  });

  it('CRLF split between chunks', () => {
    const text = '# Title\r\n\r\n- a\r\n- b\r\n\r\nend\r\n';
    for (const size of [1, 2, 3, 5]) {
      expect(streamInChunks(text, [size]).dom).toBe(oneShot(text));
    }
  });
});

describe('IncrementalMarkdown: finished blocks', () => {
  it('are emitted once, in order, and only when the next block has begun', () => {
    const renderer = new IncrementalMarkdown();
    // The tail as the page keeps it: blocks it already shows move out of it, then its change applies.
    const tail = document.createElement('div');
    const step = (text: string): string[] => {
      const update = renderer.update(text);
      for (const count of update.adopted ?? []) for (let n = 0; n < count; n += 1) tail.firstChild?.remove();
      tailOf(update, tail);
      return blocksOf(update);
    };
    expect(step('# Title\n')).toEqual([]);
    expect(step('# Title\n\nFirst para')).toEqual([]);
    expect(step('# Title\n\nFirst paragraph.\n')).toEqual(['<h1>Title</h1>\n']);
    expect(step('# Title\n\nFirst paragraph.\n\nSecond')).toEqual([]);
    expect(step('# Title\n\nFirst paragraph.\n\nSecond one.\n')).toEqual(['<p>First paragraph.</p>\n']);
    expect(tail.innerHTML).toBe('<p>Second one.</p>\n');
  });

  it('waits for a whole line: a setext underline can still turn a paragraph into a heading', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('Title\n');
    expect(blocksOf(renderer.update('Title\n-'))).toEqual([]);
    expect(blocksOf(renderer.update('Title\n---\n'))).toEqual([]);
    expect(blocksOf(renderer.update('Title\n---\n\nnext'))).toEqual([]);
    const update = renderer.update('Title\n---\n\nnext\n');
    expect(blocksOf(update).join('')).toBe('<h2>Title</h2>\n');
  });

  it('keeps a list open across blank lines until something else begins', () => {
    const renderer = new IncrementalMarkdown();
    expect(blocksOf(renderer.update('- a\n\n'))).toEqual([]);
    expect(blocksOf(renderer.update('- a\n\n- b\n\n'))).toEqual([]);
    const update = renderer.update('- a\n\n- b\n\nafter\n');
    expect(blocksOf(update).join('')).toContain('<li><p>a</p>');
  });

  it('starts over when the text is not a continuation', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('# One\n\ntext\n');
    const update = renderer.update('# Two\n\nother\n');
    expect(update.reset).toBe(true);
    expect(blocksOf(update)).toEqual(['<h1>Two</h1>\n']);
    expect(renderer.update('# Two\n\nother\nmore').reset).toBe(false);
  });

  it('renders everything on finish, and treats a changed text after that as new', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('para');
    expect(blocksOf(renderer.finish('para'))).toEqual(['<p>para</p>\n']);
    expect(blocksOf(renderer.update('para'))).toEqual([]);
    expect(renderer.finish('para!').reset).toBe(true);
  });

  it('lexes only the unfinished tail, so an update costs the same however long the answer is', () => {
    const spy = vi.spyOn(lex, 'lexMarkdown');
    const text = longMixedDocument(80);
    streamInChunks(text, [7, 13, 31]);
    const lengths = spy.mock.calls.map(([source]) => source.length);
    spy.mockRestore();
    expect(lengths.length).toBeGreaterThan(1000);
    const longest = Math.max(...lengths);
    expect(text.length).toBeGreaterThan(20_000);
    // The biggest block of the document is well under 400 characters.
    expect(longest).toBeLessThan(600);
  });
});

describe('IncrementalMarkdown: the tail mid-stream', () => {
  it('shows an unclosed code fence as a code block', () => {
    const tail = tailOf(new IncrementalMarkdown().update('Code:\n\n```python\ndef f(x):\n    return x'));
    const code = tail.querySelector('.md-code pre > code.language-python');
    expect(code?.textContent).toBe('def f(x):\n    return x');
  });

  it('shows a half-written table as a table', () => {
    const renderer = new IncrementalMarkdown();
    const text = '| Name | Age |\n|------|----:|\n| Ann | 31 |\n| Bob |';
    const root = tailOf(renderer.update(text));
    expect(root.querySelector('table')).not.toBeNull();
    expect([...root.querySelectorAll('tbody tr')].map((row) => row.textContent?.trim().split(/\s+/))).toEqual(
      [['Ann', '31'], ['Bob']],
    );
    expect(root.textContent).not.toContain('|');
  });

  it('shows a table header as a table while its delimiter row is being written', () => {
    const root = tailOf(new IncrementalMarkdown().update('| Name | Age |\n|---'));
    expect([...root.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Name', 'Age']);
    expect(completePartialTableRow('| a | b |\n|--')).toBe('| a | b |\n| --- | --- |');
    expect(completePartialTableRow('a | b\n|:-')).toBe('a | b\n| --- | --- |');
    expect(completePartialTableRow('text\n--')).toBe('text\n--');
    expect(completePartialTableRow('- item\n- ')).toBe('- item\n- ');
  });

  it('shows an unfinished list as a list', () => {
    const root = tailOf(new IncrementalMarkdown().update('Steps:\n\n1. one\n2. tw'));
    expect([...root.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['one', 'tw']);
  });

  it('shows unclosed display math as its source', () => {
    const root = tailOf(new IncrementalMarkdown().update('$$\n\\int_0^1 x\\,dx'));
    expect(root.querySelector('.md-math-display')?.textContent).toBe('\\int_0^1 x\\,dx');
  });
});

describe('IncrementalMarkdown: long open blocks grow by appending', { timeout: 60_000 }, () => {
  it('a code block streamed line by line only appends its new text', () => {
    const renderer = new IncrementalMarkdown();
    const tail = document.createElement('div');
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} = ${'x'.repeat(i % 17)}`);
    let text = 'Intro.\n\n```js\n';
    const kinds: string[] = [];
    const lexed = vi.spyOn(lex, 'lexMarkdown');
    for (const line of lines) {
      text += line + '\n';
      const update = renderer.update(text);
      if (update.tail) kinds.push(update.tail.kind);
      tailOf(update, tail);
    }
    const lexedLengths = lexed.mock.calls.map(([source]) => source.length);
    lexed.mockRestore();
    // After the first line, every change to the tail is an append of that line.
    expect(kinds.slice(2).every((kind) => kind === 'appendCode')).toBe(true);
    expect(tail.querySelector('code.language-js')?.textContent).toBe(lines.join('\n'));
    // The open fence is not lexed again line after line.
    expect(Math.max(...lexedLengths)).toBeLessThan(100);
    text += '```\n\nAfter.\n';
    const update = renderer.update(text);
    const block = document.createElement('div');
    block.innerHTML = blocksOf(update).join('');
    expect(block.querySelector('code.language-js')?.textContent).toBe(lines.join('\n'));
  });

  it('a table streamed row by row only replaces its last row', () => {
    const renderer = new IncrementalMarkdown();
    const tail = document.createElement('div');
    let text = '| n | square |\n|--:|--:|\n';
    const ops: { kind: string; from?: number; rows?: number }[] = [];
    for (let n = 1; n <= 300; n += 1) {
      for (const part of [`| ${n} `, `| ${n * n} |\n`]) {
        text += part;
        const update = renderer.update(text);
        if (update.tail?.kind === 'rows')
          ops.push({ kind: 'rows', from: update.tail.from, rows: update.tail.rows.length });
        else if (update.tail) ops.push({ kind: update.tail.kind });
        tailOf(update, tail);
      }
    }
    expect(ops.slice(3).every((op) => op.kind === 'rows' && (op.rows ?? 9) <= 2)).toBe(true);
    const rows = [...tail.querySelectorAll('tbody tr')].map((row) => row.textContent?.trim().split(/\s+/));
    expect(rows).toHaveLength(300);
    expect(rows[299]).toEqual(['300', '90000']);
  });
});

describe('IncrementalMarkdown: the final render', { timeout: 60_000 }, () => {
  it('equals the one-shot render when the whole text arrives in one piece before done', () => {
    for (const fixture of markdownFixtures) {
      const renderer = new IncrementalMarkdown();
      const root = document.createElement('div');
      const first = renderer.update(fixture.text);
      const last = renderer.finish(fixture.text);
      for (const block of [...first.blocks, ...last.blocks]) root.append(buildFragment(document, block));
      root.normalize();
      expect(last.tail).toEqual({ kind: 'replace', nodes: [] });
      expect(canonicalHtml(root.innerHTML)).toBe(oneShot(fixture.text));
    }
  });
});

describe('past the caps of a table and of a paragraph', { timeout: 120_000 }, () => {
  const rows = Array.from({ length: lex.MAX_TABLE_ROWS + 30 }, (_, i) => `| ${i} | \`c\` |`).join('\n');
  const texts = [
    ['a long table', '| a | b |\n|---|---|\n' + rows + '\n\nafter'],
    ['a paragraph of many spans', '`a`'.repeat(lex.MAX_INLINE_ELEMENTS + 40) + ' *end*\n\nafter'],
  ];
  it.each(texts)('%s streams to the one-shot render', (_name, text) => {
    const expected = canonicalHtml(render.renderMarkdown(text));
    for (const sizes of [[997], [4093]]) expect(streamInChunks(text, sizes).dom).toBe(expected);
  });
});

describe('blocks already shown in the tail', () => {
  it('move from the tail when they become final, and are not built again', () => {
    const renderer = new IncrementalMarkdown();
    const tail = document.createElement('div');
    tailOf(renderer.update('First paragraph, *shown*.\n'), tail);
    const shown = tail.querySelector('p');
    const update = renderer.update('First paragraph, *shown*.\n\nSecond\n');
    expect(update.adopted).toEqual([2]); // the <p> and its line break
    // The page moves the tail's first nodes: the paragraph on screen is the one that stays.
    const moved = [...tail.childNodes].slice(0, 2);
    expect(moved[0]).toBe(shown);
    expect(html(update.blocks[0]!)).toBe('<p>First paragraph, <em>shown</em>.</p>\n');
    tailOf(update, tail);
    expect(tail.textContent).toBe('Second\n');
  });

  it('are built again when the final block differs from what the tail showed', () => {
    const renderer = new IncrementalMarkdown();
    renderer.update('Title\n');
    // The line below turns the paragraph shown into a heading: nothing to move.
    const update = renderer.update('Title\n---\n\nnext\n');
    expect(update.adopted).toBeUndefined();
    expect(blocksOf(update).join('')).toBe('<h2>Title</h2>\n');
  });
});

describe('a growing paragraph or list in the tail', () => {
  it('keeps the nodes it had and builds only its end', () => {
    const renderer = new IncrementalMarkdown();
    const tail = document.createElement('div');
    let text = 'A paragraph with **bold** and `code`';
    tailOf(renderer.update(text), tail);
    const bold = tail.querySelector('strong');
    const code = tail.querySelector('code');
    text += ' and then some *more* words';
    const update = renderer.update(text);
    expect(update.tail?.kind).toBe('patch');
    tailOf(update, tail);
    expect(tail.querySelector('strong')).toBe(bold);
    expect(tail.querySelector('code')).toBe(code);
    expect(tail.innerHTML).toBe(html(blockNodes(lex.lexMarkdown(text))));

    const items = ['- one', '- two *a*', '- three'];
    const list = new IncrementalMarkdown();
    const listTail = document.createElement('div');
    tailOf(list.update(items.slice(0, 2).join('\n')), listTail);
    const first = listTail.querySelector('li');
    tailOf(list.update(items.join('\n')), listTail);
    expect(listTail.querySelector('li')).toBe(first);
    expect([...listTail.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'one',
      'two a',
      'three',
    ]);
  });
});

describe('a growing text in the tail', () => {
  it('stays one text node that the new words are added to', () => {
    const renderer = new IncrementalMarkdown();
    const tail = document.createElement('div');
    tailOf(renderer.update('Some words'), tail);
    const text = tail.querySelector('p')?.firstChild;
    const update = renderer.update('Some words and more words');
    expect(update.tail).toMatchObject({ kind: 'patch', grow: ' and more words' });
    tailOf(update, tail);
    expect(tail.querySelector('p')?.firstChild).toBe(text);
    expect(tail.innerHTML).toBe('<p>Some words and more words</p>\n');
  });
});
