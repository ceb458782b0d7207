// Servers stream up to thousands of tokens a second, many per frame. Applying each one to reactive
// state would re-run the view's bookkeeping per token; collecting them and applying once per frame
// keeps the cost per frame flat however fast the server is.

type Schedule = (run: () => void) => void;

const nextFrame: Schedule = (run) => {
  // Hidden tabs get no animation frames; a timer keeps the text (and its saving) moving.
  if (typeof requestAnimationFrame === 'function' && !(typeof document !== 'undefined' && document.hidden)) {
    requestAnimationFrame(run);
  } else {
    setTimeout(run, 50);
  }
};

export class FrameBuffer {
  #content = '';
  #thinking = '';
  #isScheduled = false;
  readonly #apply: (content: string, thinking: string) => void;
  readonly #schedule: Schedule;

  constructor(apply: (content: string, thinking: string) => void, schedule: Schedule = nextFrame) {
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
