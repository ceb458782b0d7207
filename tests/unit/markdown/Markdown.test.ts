import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Markdown from '../../../src/components/Markdown.svelte';
import { GrowingText } from '../../../src/lib/growingText';
import { enhancementsSettled } from '../../../src/lib/markdown/enhance';
import { loadMarkdownView } from '../../../src/lib/markdown/load';
import { renderMarkdown } from '../../../src/lib/markdown/render';
import { MAX_RENDERED_CHARS, viewsSettled } from '../../../src/lib/markdown/view';
import { canonicalHtml } from '../../fixtures/markdown/canonical';
import { markdownStrings } from '../../../src/lib/i18n/markdown';
import { longMixedDocument, markdownFixtures } from '../../fixtures/markdown/documents';

afterEach(() => cleanup());

/** The renderer chunk is loaded lazily; the component shows plain text until it has rendered. */
const rendererLoaded = async (): Promise<void> => {
  await loadMarkdownView();
  await viewsSettled();
};

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function markdownRoot(container: HTMLElement): HTMLElement {
  const root = container.querySelector<HTMLElement>('.markdown');
  if (!root) throw new Error('no .markdown element');
  return root;
}

/**
 * The HTML of the finished blocks, without the chunks that group them, and without the attributes
 * the enhancer adds for assistive technology (checked on their own below).
 */
function blocksHtml(root: HTMLElement): string {
  const blocks = document.createElement('div');
  for (const chunk of root.querySelectorAll(':scope > .md-chunk')) {
    blocks.append(...[...chunk.childNodes].map((node) => node.cloneNode(true)));
  }
  for (const el of blocks.querySelectorAll('[aria-level], [tabindex]')) {
    el.removeAttribute('aria-level');
    el.removeAttribute('tabindex');
  }
  return blocks.innerHTML;
}

/** Mounts the component and streams `text` into it in chunks of `size`, a frame at a time. */
async function streamIntoComponent(text: string, size: number, onFrame?: () => void) {
  const view = render(Markdown, { text: '', streaming: true });
  await rendererLoaded();
  for (let end = size; end < text.length + size; end += size) {
    await view.rerender({ text: text.slice(0, end), streaming: true });
    await nextFrame();
    onFrame?.();
  }
  await view.rerender({ text, streaming: false });
  await viewsSettled();
  return view;
}

describe('Markdown component', { timeout: 60_000 }, () => {
  it('never replaces a finished block while streaming: only the tail changes', async () => {
    const text = longMixedDocument(10);
    const seen = new Set<Element>();
    const removed: Node[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) removed.push(...record.removedNodes);
    });
    let observing = false;
    const view = await streamIntoComponent(text, 23, () => {
      const root = markdownRoot(document.body);
      if (!observing) {
        observer.observe(root, { childList: true });
        observing = true;
      }
      for (const block of root.querySelectorAll(':scope > .md-chunk > *')) seen.add(block);
      for (const block of seen) expect(block.isConnected).toBe(true);
    });
    for (const record of observer.takeRecords()) removed.push(...record.removedNodes);
    observer.disconnect();

    const root = markdownRoot(view.container);
    const blocks = [...root.querySelectorAll(':scope > .md-chunk > *')];
    expect(seen.size).toBeGreaterThan(16); // more than one chunk
    // Every block shown along the way is still there, and the final blocks are those same nodes.
    for (const block of seen) expect(blocks).toContain(block);
    // The only node ever taken out of the container is the tail element.
    expect(removed.length).toBeGreaterThan(0);
    expect(removed.every((node) => node instanceof HTMLElement && node.classList.contains('md-tail'))).toBe(
      true,
    );
    expect(root.querySelector('.md-tail')).toBeNull();
    expect(blocksHtml(root)).toContain('<h2>Section 10');
  });

  it('ends with the same DOM as rendering the whole text at once', async () => {
    for (const fixture of markdownFixtures.slice(0, 5)) {
      const streamed = await streamIntoComponent(fixture.text, 37);
      const whole = render(Markdown, { text: fixture.text, streaming: false });
      await rendererLoaded();
      await enhancementsSettled();
      expect(markdownRoot(streamed.container).innerHTML).toBe(markdownRoot(whole.container).innerHTML);
      streamed.unmount();
      whole.unmount();
    }
  });

  it('streamed from a growing answer as the turn runner writes it, ends with the one-shot DOM, reading only what each frame added', async () => {
    const fixture = markdownFixtures[1]!;
    const growing = new GrowingText();
    const after = vi.spyOn(GrowingText.prototype, 'after');
    const view = render(Markdown, { text: growing.text, streaming: true });
    await rendererLoaded();
    for (let at = 0; at < fixture.text.length; at += 41) {
      await view.rerender({ text: growing.append(fixture.text.slice(at, at + 41)), streaming: true });
      await nextFrame();
    }
    growing.end();
    await view.rerender({ text: growing.text, streaming: false });
    await viewsSettled();
    // Each new part came from the pieces (the whole answer was never read while it grew).
    const answered = after.mock.results.filter((r) => r.type === 'return' && r.value !== undefined);
    after.mockRestore();
    expect(answered.length).toBeGreaterThan(fixture.text.length / 41 / 2);
    const whole = render(Markdown, { text: fixture.text, streaming: false });
    await rendererLoaded();
    await enhancementsSettled();
    expect(markdownRoot(view.container).innerHTML).toBe(markdownRoot(whole.container).innerHTML);
  });

  it('puts an answer’s headings below the page’s own, and lets the keyboard scroll code and tables', async () => {
    const text =
      '# One\n\n## Two\n\n#### Four\n\n##### Five\n\n###### Six\n\n```js\nx\n```\n\n| a |\n|---|\n| b |\n';
    const { container } = render(Markdown, { text, streaming: false });
    await rendererLoaded();
    const root = markdownRoot(container);
    const levels = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(
      (h) => `${h.tagName}:${h.getAttribute('aria-level') ?? ''}`,
    );
    expect(levels).toEqual(['H1:3', 'H2:4', 'H4:6', 'H5:6', 'H6:']);
    expect(root.querySelector('pre')?.tabIndex).toBe(0);
    expect(root.querySelector<HTMLElement>('.md-table')?.tabIndex).toBe(0);
  });

  it('shows renderMarkdown output for a finished message', async () => {
    const text = '# Hi\n\nSome *text* and $x$.\n';
    const { container } = render(Markdown, { text, streaming: false });
    await rendererLoaded();
    expect(canonicalHtml(blocksHtml(markdownRoot(container)))).toBe(canonicalHtml(renderMarkdown(text)));
  });

  it('shows the one-shot render when the whole text arrived in one piece before the answer ended', async () => {
    for (const fixture of markdownFixtures) {
      const view = render(Markdown, { text: fixture.text, streaming: true });
      await rendererLoaded();
      await view.rerender({ text: fixture.text, streaming: false });
      await viewsSettled();
      const root = markdownRoot(view.container);
      expect(root.querySelector('.md-tail')).toBeNull();
      // Every code block is a finished one (it has its Copy button), and apart from that and
      // its highlighting, the DOM is the one-shot render's.
      const blocks = document.createElement('div');
      blocks.innerHTML = blocksHtml(root);
      for (const code of blocks.querySelectorAll('.md-code')) {
        expect(code.querySelector('button.md-copy')).not.toBeNull();
        code.querySelector('button.md-copy')?.remove();
      }
      for (const code of blocks.querySelectorAll('code.hljs')) {
        code.textContent = code.textContent ?? '';
        code.classList.remove('hljs');
      }
      // Typeset math keeps its place; its source is compared in the other tests.
      const expected = document.createElement('div');
      expected.innerHTML = renderMarkdown(fixture.text);
      for (const math of [...blocks.querySelectorAll('.md-math'), ...expected.querySelectorAll('.md-math')]) {
        math.classList.remove('md-math-rendered');
        math.replaceChildren();
      }
      expect(canonicalHtml(blocks.innerHTML)).toBe(canonicalHtml(expected.innerHTML));
      view.unmount();
    }
  });

  it('shows the text as plain text until the renderer has loaded', async () => {
    const { container } = render(Markdown, { text: '# Hi <b>', streaming: false });
    const root = markdownRoot(container);
    expect(root).toHaveClass('md-plain');
    expect(root.textContent).toBe('# Hi <b>');
    expect(root.children).toHaveLength(0);
    await rendererLoaded();
    expect(root).not.toHaveClass('md-plain');
    expect(blocksHtml(root)).toBe('<h1>Hi &lt;b&gt;</h1>\n');
  });

  it('stands in for a long answer with its start only, then shows all of it', async () => {
    const text = 'word '.repeat(200_000) + 'THE LAST WORDS';
    const { container } = render(Markdown, { text, streaming: false });
    const root = markdownRoot(container);
    // Before the renderer: the start of the text, not megabytes of plain text to lay out.
    expect(text.startsWith(root.textContent!)).toBe(true);
    expect(root.textContent!.length).toBeLessThan(text.length / 10);
    await rendererLoaded();
    expect(root.textContent!.replace(markdownStrings.tooLong, '').replace(/\s+/g, ' ').trim()).toBe(text);
  });

  it('shows an unclosed code fence as code while streaming', async () => {
    const view = render(Markdown, { text: '', streaming: true });
    await rendererLoaded();
    await view.rerender({ text: 'Run:\n\n```bash\nnpm install\nnpm te', streaming: true });
    await viewsSettled();
    expect(view.container.querySelector('.md-tail pre > code')).toHaveTextContent('npm install npm te');
  });

  it('has a Copy code button on finished code blocks that copies the raw code', async () => {
    const user = userEvent.setup();
    const code = 'const a = 1 < 2;\nconsole.log(a);';
    render(Markdown, { text: `Code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nafter`, streaming: false });
    await rendererLoaded();
    const button = screen.getByRole('button', { name: markdownStrings.copyCode });
    await user.click(button);
    expect(await navigator.clipboard.readText()).toBe(code);
    expect(screen.getByRole('button', { name: markdownStrings.copied })).toBe(button);
  });

  it('highlights finished code and typesets math once their chunks load', async () => {
    const { container } = render(Markdown, {
      text: '```python\ndef f(x):\n    return x\n```\n\nArea $\\pi r^2$.\n',
      streaming: false,
    });
    await rendererLoaded();
    await enhancementsSettled();
    expect(container.querySelector('code.language-python .hljs-keyword')).toHaveTextContent('def');
    expect(container.querySelector('.md-math.md-math-rendered math')).not.toBeNull();
  });

  it('does not highlight a block without a declared language', async () => {
    const { container } = render(Markdown, { text: '```\ndef f(x): return x\n```\n', streaming: false });
    await rendererLoaded();
    await enhancementsSettled();
    expect(container.querySelector('code')?.children).toHaveLength(0);
  });

  it('renders again from scratch when the text is replaced', async () => {
    const view = render(Markdown, { text: '# One\n', streaming: false });
    await rendererLoaded();
    await view.rerender({ text: '# Two\n', streaming: false });
    await viewsSettled();
    expect(blocksHtml(markdownRoot(view.container))).toBe(renderMarkdown('# Two\n'));
  });

  it('shows the text past the rendered size as plain text when a long answer is opened whole', async () => {
    const line = 'word '.repeat(19) + 'end\n\n';
    const text = line.repeat(Math.ceil((MAX_RENDERED_CHARS + 50_000) / line.length)) + 'THE LAST WORDS';
    render(Markdown, { text, streaming: false });
    await rendererLoaded();
    const root = markdownRoot(document.body);
    expect(root.querySelector('.md-overflow-note')?.textContent).toBe(markdownStrings.tooLong);
    expect(root.querySelector('.md-overflow')?.textContent?.endsWith('THE LAST WORDS')).toBe(true);
    expect(root.querySelectorAll(':scope > .md-chunk').length).toBeGreaterThan(0);
  });
});

describe('typing while an answer streams', { timeout: 60_000 }, () => {
  const paragraphs = (n: number) =>
    Array.from({ length: n }, (_, i) => `Paragraph ${i} of the answer.`).join('\n\n') + '\n\n';
  const shownBlocks = (root: HTMLElement) => root.querySelectorAll(':scope > .md-chunk > *').length;
  const key = () => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));

  it('the answer moves by at most two blocks per keystroke, then catches up once typing stops', async () => {
    const view = render(Markdown, { text: paragraphs(4), streaming: true });
    await rendererLoaded();
    const root = markdownRoot(view.container);
    const before = shownBlocks(root);
    const text = paragraphs(60);
    key();
    await view.rerender({ text, streaming: true });
    const counts = [before];
    for (let i = 0; i < 12; i++) {
      key();
      await nextFrame();
      await nextFrame();
      counts.push(shownBlocks(root));
    }
    for (let i = 1; i < counts.length; i++) expect(counts[i]! - counts[i - 1]!).toBeLessThanOrEqual(2);
    // It kept moving while keys were pressed, but did not show everything at once.
    expect(counts.at(-1)!).toBeGreaterThan(before);
    expect(counts.at(-1)!).toBeLessThan(60);
    await view.rerender({ text, streaming: false });
    await viewsSettled();
    const whole = render(Markdown, { text, streaming: false });
    await rendererLoaded();
    await enhancementsSettled();
    expect(root.innerHTML).toBe(markdownRoot(whole.container).innerHTML);
    expect(root.textContent).toContain('Paragraph 59 of the answer.');
  });
});
