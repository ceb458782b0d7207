import { describe, expect, it } from 'vitest';
import { MAX_TEX_CHARS, mathToHtml, typesetElement } from '../../../src/lib/markdown/math';

function dom(html: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = html;
  return container;
}

describe('math', () => {
  it('turns TeX into MathML', () => {
    const root = dom(mathToHtml('x^2 + \\frac{1}{2}', false));
    const math = root.querySelector('math');
    expect(math?.namespaceURI).toBe('http://www.w3.org/1998/Math/MathML');
    expect(root.querySelector('mfrac')).not.toBeNull();
    expect(root.querySelector('msup')).not.toBeNull();
  });

  it('marks display math as a block', () => {
    expect(dom(mathToHtml('\\int_0^1 x\\,dx', true)).querySelector('math')?.getAttribute('display')).toBe(
      'block',
    );
  });

  it('needs no style attributes, keeping colour and boxes as MathML attributes and classes', () => {
    const html = mathToHtml(
      '\\color{red}{a} + \\boxed{42} + \\begin{pmatrix}a & b\\\\ c & d\\end{pmatrix} + \\begin{cases}1 & x\\\\0 & y\\end{cases}',
      true,
    );
    expect(html).not.toMatch(/\sstyle=/i);
    const root = dom(html);
    expect(root.querySelector('[mathcolor]')).not.toBeNull();
    expect(root.querySelector('.tml-fbox')).not.toBeNull();
    expect(root.querySelector('mtable')).not.toBeNull();
  });

  it('shows invalid TeX as its source in a code span, without throwing', () => {
    const root = dom(mathToHtml('\\frac{1}{', false));
    const code = root.querySelector('code.md-math-error');
    expect(code?.textContent).toBe('\\frac{1}{');
    expect(code?.getAttribute('title')).toBeTruthy();
    expect(root.querySelector('math')).toBeNull();
  });

  it('refuses \\href, \\style, \\class and friends (trust is off)', () => {
    for (const tex of [
      '\\href{javascript:window.__pwned=true}{x}',
      '\\url{javascript:alert(1)}',
      '\\style{color:red}{x}',
      '\\class{evil}{x}',
      '\\htmlId{__pwned}{x}',
      '\\data{x=1}{x}',
    ]) {
      const root = dom(mathToHtml(tex, false));
      for (const element of root.querySelectorAll('*')) {
        expect(element.localName).not.toBe('a');
        const names = [...element.attributes].map((attribute) => attribute.name);
        expect(names.filter((name) => !['class', 'title'].includes(name))).toEqual([]);
        expect(element.getAttribute('class') ?? '').not.toMatch(/evil/);
      }
    }
  });

  it('shows raw HTML in TeX as text', () => {
    const root = dom(mathToHtml('\\text{<img src=x onerror=alert(1)>}', false));
    expect(root.querySelector('img')).toBeNull();
  });

  it('does not let one formula define macros for the next', () => {
    mathToHtml('\\gdef\\evil{x}', false);
    expect(dom(mathToHtml('\\evil', false)).querySelector('code.md-math-error')).not.toBeNull();
  });

  it('leaves very long TeX as source', () => {
    const tex = 'x+'.repeat(MAX_TEX_CHARS);
    expect(dom(mathToHtml(tex, false)).querySelector('code.md-math-error')?.textContent).toBe(tex);
  });

  it('typesets a placeholder in place, once', () => {
    const root = dom('<span class="md-math md-math-display">a^2</span>');
    const placeholder = root.firstElementChild as HTMLElement;
    typesetElement(placeholder);
    expect(root.firstElementChild).toBe(placeholder);
    expect(placeholder).toHaveClass('md-math-rendered');
    expect(placeholder.querySelector('math')?.getAttribute('display')).toBe('block');
    const html = placeholder.innerHTML;
    typesetElement(placeholder);
    expect(placeholder.innerHTML).toBe(html);
  });
});

describe('math: hostile TeX', () => {
  it('caps sizes: a huge rule stays a modest box', () => {
    const root = dom(mathToHtml('\\rule{100000em}{100000em} \\kern{5000em} \\rule{9000cm}{1pt}', false));
    const sizes = [...root.querySelectorAll('[width], [height]')].flatMap((element) =>
      ['width', 'height'].map((name) => element.getAttribute(name) ?? ''),
    );
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes.filter(Boolean)) {
      const value = Number.parseFloat(size);
      if (size.endsWith('em')) expect(value).toBeLessThanOrEqual(40);
      else if (size.endsWith('pt')) expect(value).toBeLessThanOrEqual(600);
    }
  });

  it('stops a macro that expands forever, showing the source', () => {
    const root = dom(mathToHtml('\\def\\x{\\x\\x}\\x', false));
    expect(root.querySelector('code.md-math-error')?.textContent).toBe('\\def\\x{\\x\\x}\\x');
  });
});
