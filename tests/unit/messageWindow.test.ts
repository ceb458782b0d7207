import { describe, expect, it } from 'vitest';
import {
  earlier,
  hasEarlier,
  hasLater,
  later,
  LIVE,
  MAX_SHOWN,
  PAGE,
  range,
} from '../../src/lib/messageWindow';

describe('message window', () => {
  it('opens on the newest page, and follows new messages', () => {
    expect(range(LIVE, 1000)).toEqual({ start: 1000 - PAGE, end: 1000 });
    expect(range(LIVE, 1001)).toEqual({ start: 1001 - PAGE, end: 1001 });
    expect(range(LIVE, 5)).toEqual({ start: 0, end: 5 });
  });

  it('scrolling up adds pages and never keeps more than MAX_SHOWN', () => {
    let w = LIVE;
    for (let i = 0; i < 10; i++) {
      w = earlier(w, 1000);
      const r = range(w, 1000);
      expect(r.end - r.start).toBeLessThanOrEqual(MAX_SHOWN);
    }
    expect(range(w, 1000).start).toBe(1000 - PAGE * 11);
    expect(hasLater(w, 1000)).toBe(true);
  });

  it('scrolling back down comes back to the live end', () => {
    let w = LIVE;
    for (let i = 0; i < 10; i++) w = earlier(w, 1000);
    while (hasLater(w, 1000)) {
      w = later(w, 1000);
      const r = range(w, 1000);
      expect(r.end - r.start).toBeLessThanOrEqual(MAX_SHOWN);
    }
    expect(w.to).toBeNull();
    expect(range(w, 1001).end).toBe(1001);
  });

  it('reaches the first message', () => {
    let w = LIVE;
    while (hasEarlier(w, 100)) w = earlier(w, 100);
    expect(range(w, 100).start).toBe(0);
  });
});
