// One drawing, from the request to its last write: a long-running job in its own class, like the
// chat's TurnRunner. It stores each image as it arrives, reports step progress, and settles the
// message (done, stopped, error). No DOM and no stores: storage and the error wording are given.
import type { ImageGenerator, ImageMime, ImageRequest } from '../providers/imageTypes';
import type { MessageError, MessageRecord } from '../storage/types';

export interface ImageJobEnv {
  /** Stores an image's bytes and returns its id. */
  storeImage: (bytes: Uint8Array<ArrayBuffer>, mime: ImageMime) => Promise<string>;
  /** Writes the message as it is now (the caller takes a plain snapshot). */
  save: (answer: MessageRecord) => Promise<unknown>;
  onStorageError: (e: unknown) => void;
  describe: (e: unknown) => MessageError;
  isAbort: (e: unknown) => boolean;
  /** Milliseconds, monotonic. */
  now: () => number;
  onProgress?: (completed: number, total: number) => void;
  /** Holds a "this answer is alive" mark while it runs (other tabs must not call it stopped). */
  hold?: (answerId: string) => () => void;
}

export type ImageOutcome = { status: 'done' } | { status: 'stopped' } | { status: 'error'; error: unknown };

export class ImageJob {
  readonly #generator: ImageGenerator;
  readonly #request: ImageRequest & { signal: AbortSignal };
  readonly #answer: MessageRecord;
  readonly #env: ImageJobEnv;

  constructor(
    generator: ImageGenerator,
    request: ImageRequest & { signal: AbortSignal },
    answer: MessageRecord,
    env: ImageJobEnv,
  ) {
    this.#generator = generator;
    this.#request = request;
    this.#answer = answer;
    this.#env = env;
  }

  /** Runs the drawing; never throws (the failure is in the outcome and the message). */
  async run(): Promise<ImageOutcome> {
    const { signal } = this.#request;
    const answer = this.#answer;
    const env = this.#env;
    const started = env.now();
    let isSettled = false;
    // Stop shows at once, before the connection has finished closing.
    const handleAbort = () => {
      if (!isSettled) answer.status = 'stopped';
    };
    signal.addEventListener('abort', handleAbort, { once: true });
    const release = env.hold?.(answer.id) ?? (() => {});
    let outcome: ImageOutcome;
    try {
      if (signal.aborted) throw signal.reason;
      for await (const event of this.#generator.generate(this.#request)) {
        if (signal.aborted) break;
        if (event.type === 'progress') env.onProgress?.(event.completed, event.total);
        else {
          const id = await env.storeImage(event.bytes, event.mime);
          answer.imageIds = [...(answer.imageIds ?? []), id];
          await env.save(answer).catch(env.onStorageError);
        }
      }
      if (signal.aborted) throw signal.reason;
      answer.status = 'done';
      outcome = { status: 'done' };
    } catch (e) {
      if (signal.aborted || env.isAbort(e)) {
        answer.status = 'stopped';
        outcome = { status: 'stopped' };
      } else {
        answer.status = 'error';
        answer.error = env.describe(e);
        outcome = { status: 'error', error: e };
      }
    } finally {
      isSettled = true;
      signal.removeEventListener('abort', handleAbort);
      release();
    }
    answer.stats = { wallMs: env.now() - started };
    try {
      await env.save(answer);
    } catch (e) {
      env.onStorageError(e);
    }
    return outcome;
  }
}
