import { describe, expect, it } from 'vitest';
import { isFramedByOtherOrigin } from '../../src/lib/framing';

const ORIGIN = 'https://you.github.io';
type Win = Parameters<typeof isFramedByOtherOrigin>[0];
type Self = Win['self'];

function frame(opts: { topOrigin?: string; throws?: boolean; ancestors?: string[] } = {}): Win {
  const self = {} as Self;
  const top =
    opts.topOrigin === undefined && !opts.throws
      ? self
      : ({
          get location() {
            if (opts.throws) throw new DOMException('Blocked a frame', 'SecurityError');
            return { origin: opts.topOrigin };
          },
        } as unknown as Self);
  const location = { origin: ORIGIN, ancestorOrigins: opts.ancestors } as unknown as Location;
  return { self, top, location };
}

describe('framing', () => {
  it('a top-level page is not framed', () => {
    expect(isFramedByOtherOrigin(frame())).toBe(false);
  });
  it('a frame inside our own origin is allowed', () => {
    expect(isFramedByOtherOrigin(frame({ topOrigin: ORIGIN, ancestors: [ORIGIN] }))).toBe(false);
  });
  it('a frame inside another origin is detected (its location cannot even be read)', () => {
    expect(isFramedByOtherOrigin(frame({ throws: true }))).toBe(true);
    expect(isFramedByOtherOrigin(frame({ topOrigin: 'https://evil.example' }))).toBe(true);
  });
  it('a foreign origin between us and a same-origin top is detected', () => {
    expect(
      isFramedByOtherOrigin(frame({ topOrigin: ORIGIN, ancestors: ['https://evil.example', ORIGIN] })),
    ).toBe(true);
  });
});
