import { describe, expect, it } from 'vitest';
import { MAX_HIGHLIGHT_CHARS, highlightElement, highlightToHtml } from '../../../src/lib/markdown/highlight';
import { languageName } from '../../../src/lib/markdown/languages';

describe('languages', () => {
  it('maps fence names and aliases to highlight.js languages', () => {
    expect(languageName('ts')).toBe('typescript');
    expect(languageName('JS')).toBe('javascript');
    expect(languageName('py')).toBe('python');
    expect(languageName('sh')).toBe('bash');
    expect(languageName('html')).toBe('xml');
    expect(languageName('c++')).toBe('cpp');
    expect(languageName('yml')).toBe('yaml');
    for (const name of ['json', 'css', 'c', 'rust', 'go', 'java', 'sql', 'markdown', 'diff']) {
      expect(languageName(name)).toBe(name);
    }
  });

  it('does not highlight unknown languages', () => {
    expect(languageName('brainfuck')).toBeUndefined();
    expect(languageName('constructor')).toBeUndefined();
    expect(languageName('__proto__')).toBeUndefined();
  });
});

describe('highlighting', () => {
  it('highlights the declared language into classed spans', async () => {
    const html = await highlightToHtml('const x = "<b>";', 'typescript');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('&lt;b&gt;');
    const container = document.createElement('div');
    container.innerHTML = html ?? '';
    expect(container.querySelectorAll(':not(span)')).toHaveLength(0);
  });

  it('highlights an element in place without changing its text', async () => {
    const code = document.createElement('code');
    code.textContent = 'def f(x):\n    return x  # <i>';
    await highlightElement(code, 'python');
    expect(code.textContent).toBe('def f(x):\n    return x  # <i>');
    expect(code.querySelector('.hljs-keyword')).not.toBeNull();
    expect(code).toHaveClass('hljs');
  });

  it('leaves very long blocks plain', async () => {
    expect(await highlightToHtml('x'.repeat(MAX_HIGHLIGHT_CHARS + 1), 'javascript')).toBeUndefined();
  });
});
