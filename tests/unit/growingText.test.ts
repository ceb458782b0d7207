import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowingText } from '../../src/lib/growingText';
import { continuation } from '../../src/lib/markdown/extendsText';

describe('a growing text read a part at a time', () => {
  it('gives a reader exactly what followed what it had, however the text was appended and read', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.boolean()), { maxLength: 60 }),
        fc.string({ maxLength: 5 }),
        (steps, start) => {
          const growing = new GrowingText(start);
          let seen = growing.text;
          let read = seen;
          for (const [piece, readNow] of steps) {
            const text = growing.append(piece);
            if (!readNow) continue;
            const added = continuation(seen, text);
            expect(added).toBe(text.slice(seen.length));
            read += added;
            seen = text;
          }
          expect(read).toBe(seen);
          growing.end();
        },
      ),
    );
  });

  it('reads from its pieces while it grows, and from the text once it has ended', () => {
    const growing = new GrowingText();
    const first = growing.append('Hello');
    growing.append(', ');
    const now = growing.append('world');
    expect(growing.after(first)).toBe(', world');
    expect(growing.after(first)).toBe(', world');
    // A reader moves forward only: what came before what it had is forgotten (read from the text).
    expect(growing.after('')).toBeUndefined();
    expect(continuation('', now)).toBe('Hello, world');
    expect(continuation(first, now)).toBe(', world');
    growing.end();
    expect(continuation(now, `${now}!`)).toBe('!');
  });

  it('says a changed text does not continue the old one (the view then starts over)', () => {
    const growing = new GrowingText();
    const before = growing.append('The answer is 42.');
    expect(continuation(before, 'The answer is 43. More')).toBeUndefined();
    expect(continuation(before, 'The answer')).toBeUndefined();
    // A string of the same length that this text never was is not taken for one of its values.
    expect(growing.after('The answer is 43.')).toBeUndefined();
    growing.end();
  });

  it('keeps no more than a bounded amount for a reader that never comes, and stays correct', () => {
    const growing = new GrowingText();
    const early = growing.append('start ');
    const piece = 'x'.repeat(100_000);
    let text = early;
    for (let i = 0; i < 15; i++) text = growing.append(piece);
    // The early value's pieces were let go (past a million characters): the answer is read instead.
    expect(growing.after(early)).toBeUndefined();
    expect(continuation(early, text)).toBe(piece.repeat(15));
    expect(growing.after(text)).toBe('');
    growing.end();
  });
});
