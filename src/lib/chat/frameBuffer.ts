// Servers stream up to thousands of tokens a second, many per frame. Applying each one to reactive
// state would re-run the view's bookkeeping per token; collecting them and applying once per frame
// keeps the cost per frame flat however fast the server is. The frame clock is given by the caller
// (the page's animation frames, a timer in a hidden tab, or a test's own clock).

/** Runs `run` once, at the next moment the caller wants text applied (e.g. the next frame). */
export type Schedule = (run: () => void) => void;

export class FrameBuffer {
  #content = '';
  #thinking = '';
  #isScheduled = false;
  readonly #apply: (content: string, thinking: string) => void;
  readonly #schedule: Schedule;

  constructor(apply: (content: string, thinking: string) => void, schedule: Schedule) {
    this.#apply = apply;
    this.#schedule = schedule;
  }

  pushContent(text: string): void {
    this.#content += text;
    this.#request();
  }

  pushThinking(text: string): void {
    this.#thinking += text;
    this.#request();
  }

  /** Applies whatever is waiting now (the answer ended). */
  flush(): void {
    if (!this.#content && !this.#thinking) return;
    const content = this.#content;
    const thinking = this.#thinking;
    this.#content = '';
    this.#thinking = '';
    this.#apply(content, thinking);
  }

  /** Forgets what is waiting (Stop: nothing more appears after the click). */
  drop(): void {
    this.#content = '';
    this.#thinking = '';
  }

  #request(): void {
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    this.#schedule(() => {
      this.#isScheduled = false;
      this.flush();
    });
  }
}
