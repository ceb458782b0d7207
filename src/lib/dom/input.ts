// Typing comes before streaming. A keystroke is shown in the first frame after it; if that frame
// also had to lay out and paint the newest part of an answer, on a slow laptop the letter would
// appear tens of milliseconds late. So work that can wait a frame (the markdown view) asks whether
// the user pressed a key, clicked or typed since it last ran, and if so leaves that frame to them.

let lastInputAt = -Infinity;
let lastKeyAt = -Infinity;

/** When the user last pressed a key, typed or pressed a pointer (performance.now()). */
export function lastUserInput(): number {
  return lastInputAt;
}

/** When the user last pressed a key or typed: a run of these is someone typing. */
export function lastKeyInput(): number {
  return lastKeyAt;
}

/** A key pressed this recently means the user is typing. */
const TYPING_MS = 500;

/** Whether the user is typing now (for work that can wait until they pause). */
export function isTyping(now: number = performance.now()): boolean {
  return now - lastKeyAt < TYPING_MS;
}

const noteKey = (): void => {
  lastKeyAt = lastInputAt = performance.now();
};
const notePointer = (): void => {
  lastInputAt = performance.now();
};

if (typeof addEventListener === 'function') {
  const options = { capture: true, passive: true };
  addEventListener('keydown', noteKey, options);
  addEventListener('beforeinput', noteKey, options);
  addEventListener('pointerdown', notePointer, options);
}

/**
 * Decides, frame by frame, whether deferrable work may run: not in a frame that follows new user
 * input, unless it has already waited `maxWaitMs` (someone typing without a pause still sees the
 * answer move, at a lower rate).
 */
export class InputYield {
  #checkedAt = -Infinity;
  #waitingSince: number | undefined;
  readonly #maxWaitMs: number;
  readonly #inputAt: () => number;

  constructor(maxWaitMs = 200, inputAt: () => number = lastUserInput) {
    this.#maxWaitMs = maxWaitMs;
    this.#inputAt = inputAt;
  }

  /** Called once per frame that has work: true when the work should wait for the next frame. */
  shouldYield(now: number): boolean {
    const input = this.#inputAt() > this.#checkedAt;
    this.#checkedAt = now;
    if (!input || (this.#waitingSince !== undefined && now - this.#waitingSince >= this.#maxWaitMs)) {
      this.#waitingSince = undefined;
      return false;
    }
    this.#waitingSince ??= now;
    return true;
  }
}
