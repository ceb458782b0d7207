import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThinkTagSplitter } from '../../src/lib/chat/thinkTags';

function run(chunks: string[]) {
  const s = new ThinkTagSplitter();
  let thinking = '';
  let content = '';
  for (const c of [...chunks.map((x) => s.push(x)), s.end()]) {
    thinking += c.thinking;
    content += c.content;
  }
  return { thinking, content };
}

const TEXT = '<think>Let me think: é, 中, 🙂.\nDone.</think>\n\nThe answer is 42. Use `<think>` tags wisely.';

describe('<think> tags inside content', () => {
  it('separates the thinking from the answer', () => {
    expect(run([TEXT])).toEqual({
      thinking: 'Let me think: é, 中, 🙂.\nDone.',
      content: '\n\nThe answer is 42. Use `<think>` tags wisely.',
    });
  });

  it('gives the same result however the stream is cut', () => {
    const whole = run([TEXT]);
    for (let i = 0; i <= TEXT.length; i++) expect(run([TEXT.slice(0, i), TEXT.slice(i)])).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: TEXT.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(TEXT.slice(last, p));
          last = p;
        }
        chunks.push(TEXT.slice(last));
        expect(run(chunks)).toEqual(whole);
      }),
    );
  });

  it('leaves plain answers alone, including a lone "<" at the end', () => {
    expect(run(['a < b and c <'])).toEqual({ thinking: '', content: 'a < b and c <' });
  });

  it('an unclosed thinking section stays thinking', () => {
    expect(run(['<think>still going'])).toEqual({ thinking: 'still going', content: '' });
  });
});
