// Auto-scroll: follow the bottom while an answer grows, unless the user has scrolled up to read.

export interface ScrollMetrics {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const BOTTOM_SLACK = 48;

class AutoScroll {
  #isFollowing = $state(true);
  #lastTop = 0;

  get isFollowing(): boolean {
    return this.#isFollowing;
  }

  /** The "Jump to latest" button shows whenever we are not following. */
  get showJump(): boolean {
    return !this.#isFollowing;
  }

  /**
   * Called on every scroll event. Growth of the content never moves scrollTop, so an upward move
   * can only come from the user; reaching the bottom again resumes following.
   */
  handleScroll(m: ScrollMetrics): void {
    const atBottom = m.scrollHeight - m.scrollTop - m.clientHeight <= BOTTOM_SLACK;
    if (atBottom) this.#isFollowing = true;
    else if (m.scrollTop < this.#lastTop) this.#isFollowing = false;
    this.#lastTop = m.scrollTop;
  }

  /** The user asked to see the newest text. The view scrolls to the bottom. */
  jumpToLatest(): void {
    this.#isFollowing = true;
  }

  /** A new question was sent or another chat opened: start at the bottom again. */
  reset(): void {
    this.#isFollowing = true;
    this.#lastTop = 0;
  }
}

export type { AutoScroll };
export const createAutoScroll = () => new AutoScroll();
export const autoScroll = new AutoScroll();
