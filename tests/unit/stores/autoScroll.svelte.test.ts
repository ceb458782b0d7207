import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { createAutoScroll } from '../../../src/stores/autoScroll.svelte';

const at = (scrollTop: number, scrollHeight = 5000, clientHeight = 600) => ({
  scrollTop,
  scrollHeight,
  clientHeight,
});

describe('auto-scroll', () => {
  it('follows the bottom until the user scrolls up, then shows "Jump to latest"', () => {
    const s = createAutoScroll();
    expect(s.isFollowing).toBe(true);
    s.handleScroll(at(4400));
    expect(s.isFollowing).toBe(true);
    s.handleScroll(at(3000));
    expect(s.isFollowing).toBe(false);
    expect(s.showJump).toBe(true);
  });

  it('content growing below does not count as the user scrolling away', () => {
    const s = createAutoScroll();
    s.handleScroll(at(4400, 5000));
    // More text arrived: the bottom moved, scrollTop did not.
    s.handleScroll(at(4400, 6000));
    expect(s.isFollowing).toBe(true);
  });

  it('scrolling back to the bottom resumes following', () => {
    const s = createAutoScroll();
    s.handleScroll(at(4400));
    s.handleScroll(at(1000));
    expect(s.isFollowing).toBe(false);
    s.handleScroll(at(4390));
    expect(s.isFollowing).toBe(true);
  });

  it('Jump to latest and a new question both resume following', () => {
    const s = createAutoScroll();
    s.handleScroll(at(4400));
    s.handleScroll(at(100));
    s.jumpToLatest();
    expect(s.showJump).toBe(false);
    s.handleScroll(at(4400));
    s.handleScroll(at(100));
    s.reset();
    expect(s.isFollowing).toBe(true);
  });

  it('the button appears and disappears reactively', () => {
    const s = createAutoScroll();
    const seen: boolean[] = [];
    const cleanup = $effect.root(() => {
      $effect(() => {
        seen.push(s.showJump);
      });
    });
    flushSync();
    s.handleScroll(at(4400));
    s.handleScroll(at(200));
    flushSync();
    s.jumpToLatest();
    flushSync();
    expect(seen).toEqual([false, true, false]);
    cleanup();
  });
});
