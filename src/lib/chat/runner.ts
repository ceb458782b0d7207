// One streamed answer, from the request to its last write. The runner owns the timing (time to first
// token, thinking time), the batching of chunks into frames, the periodic write while it streams,
// the final write, and how the answer ended (done, stopped, error). It has no DOM and no stores:
// the frame clock, the clock, storage and the error wording are given to it.
import { GrowingText } from '../growingText';
import type { ChatRequest, ChatStats, Provider } from '../providers/types';
import { createThrottledWriter } from '../storage/throttle';
import type { MessageError, MessageRecord } from '../storage/types';
import { FrameBuffer, type Schedule } from './frameBuffer';
import { runTurn } from './turn';

/** The streaming message is written at most this often (design: ≤ 2 writes/s). */
export const STREAM_WRITE_INTERVAL_MS = 500;

export interface TurnEnv {
  /** When buffered text is applied to the answer (the page's next frame). */
  schedule: Schedule;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** Writes the answer as it is now (the caller takes a plain snapshot). */
  save: (answer: MessageRecord) => Promise<unknown>;
  /** A write failed (quota, a closed database): the text stays on screen and the turn goes on. */
  onStorageError: (e: unknown) => void;
  /** Holds a "this answer is alive" mark while it streams (other tabs must not call it stopped). */
  hold?: (answerId: string) => () => void;
  /** How a failure is written into the message (the same words the alert shows). */
  describe: (e: unknown) => MessageError;
  /** A user's Stop, as opposed to a failure. */
  isAbort: (e: unknown) => boolean;
  /** The context window the answer was made with, when known (for the "did not fit" warning). */
  contextSize?: (stats: ChatStats) => Promise<number | undefined>;
  /** Estimated prompt tokens of the request, kept with the stats. */
  sentTokens?: number;
  /** Called after buffered text was applied (a frame's worth). */
  onApply?: () => void;
  writeIntervalMs?: number;
}

export type TurnOutcome = { status: 'done' } | { status: 'stopped' } | { status: 'error'; error: unknown };

/**
 * Runs one answer. `answer` is filled in place (it may be reactive state): text once per frame,
 * then its status, stats or error. The returned outcome carries the failure, if any, for the
 * caller's one error path; the runner never throws.
 */
export class TurnRunner {
  readonly #provider: Provider;
  readonly #request: ChatRequest & { signal: AbortSignal };
  readonly #answer: MessageRecord;
  readonly #env: TurnEnv;
  #firstTokenAt: number | undefined;
  #thinkingStartedAt: number | undefined;
  #thinkingMs: number | undefined;
  /** Chunks received: a stopped answer gets no usage from the server, so this is what it counts. */
  #chunks = 0;
  #isSettled = false;

  constructor(
    provider: Provider,
    request: ChatRequest & { signal: AbortSignal },
    answer: MessageRecord,
    env: TurnEnv,
  ) {
    this.#provider = provider;
    this.#request = request;
    this.#answer = answer;
    this.#env = env;
  }

  get answer(): MessageRecord {
    return this.#answer;
  }

  async run(): Promise<TurnOutcome> {
    const env = this.#env;
    const answer = this.#answer;
    const signal = this.#request.signal;
    const writer = createThrottledWriter<MessageRecord>(
      env.save,
      env.writeIntervalMs ?? STREAM_WRITE_INTERVAL_MS,
      env.onStorageError,
    );
    // The view reads what each frame adds from here, not from the whole answer (growingText.ts).
    const text = new GrowingText(answer.content);
    const buffer = new FrameBuffer((content, thinking) => {
      if (this.#isSettled) return;
      if (thinking) answer.thinking = (answer.thinking ?? '') + thinking;
      if (content)
        answer.content = answer.content === text.text ? text.append(content) : answer.content + content;
      writer.schedule(answer);
      env.onApply?.();
    }, env.schedule);
    const release = env.hold?.(answer.id) ?? (() => {});
    const started = env.now();
    // Stop: what is on screen at the click is the answer. Tokens waiting for a frame are dropped
    // and the status changes at once, before the connection has even finished closing.
    const handleAbort = () => {
      buffer.drop();
      if (!this.#isSettled) answer.status = 'stopped';
    };
    signal.addEventListener('abort', handleAbort, { once: true });

    let outcome: TurnOutcome;
    try {
      if (signal.aborted) throw signal.reason;
      const stats = await this.#stream(buffer);
      buffer.flush();
      answer.status = 'done';
      answer.stats = {
        ...stats,
        ...this.#timing(started),
        ...(env.sentTokens !== undefined ? { sentTokens: env.sentTokens } : {}),
        contextSize: await this.#contextSize(stats),
      };
      outcome = { status: 'done' };
    } catch (e) {
      if (signal.aborted || env.isAbort(e)) {
        buffer.drop();
        answer.status = 'stopped';
        answer.stats = {
          ...this.#timing(started),
          ...(this.#chunks ? { evalCount: this.#chunks, isPartial: true } : {}),
        };
        outcome = { status: 'stopped' };
      } else {
        // An error after some text keeps that text.
        buffer.flush();
        answer.status = 'error';
        answer.error = env.describe(e);
        outcome = { status: 'error', error: e };
      }
    } finally {
      this.#isSettled = true;
      text.end();
      signal.removeEventListener('abort', handleAbort);
      writer.cancel();
      release();
    }
    try {
      await env.save(answer);
    } catch (e) {
      env.onStorageError(e);
    }
    return outcome;
  }

  async #stream(buffer: FrameBuffer): Promise<ChatStats> {
    const stats = await runTurn(this.#provider, this.#request, {
      onContent: (t, count) => this.#onContent(t, count, buffer),
      onThinking: (t, count) => this.#onThinking(t, count, buffer),
    });
    if (this.#request.signal.aborted) throw this.#request.signal.reason;
    return stats;
  }

  #onContent(text: string, count: number, buffer: FrameBuffer): void {
    if (this.#request.signal.aborted) return;
    this.#chunks += count;
    const now = this.#env.now();
    this.#firstTokenAt ??= now;
    if (this.#thinkingStartedAt !== undefined && this.#thinkingMs === undefined) {
      this.#thinkingMs = now - this.#thinkingStartedAt;
    }
    buffer.pushContent(text);
  }

  #onThinking(text: string, count: number, buffer: FrameBuffer): void {
    if (this.#request.signal.aborted) return;
    this.#chunks += count;
    const now = this.#env.now();
    this.#firstTokenAt ??= now;
    this.#thinkingStartedAt ??= now;
    buffer.pushThinking(text);
  }

  #timing(started: number): { ttftMs?: number; wallMs: number; thinkingMs?: number } {
    const end = this.#env.now();
    return {
      ttftMs: this.#firstTokenAt !== undefined ? this.#firstTokenAt - started : undefined,
      wallMs: end - started,
      // Still thinking when it ended: all of the time since the first thought.
      thinkingMs:
        this.#thinkingMs ??
        (this.#thinkingStartedAt !== undefined ? end - this.#thinkingStartedAt : undefined),
    };
  }

  async #contextSize(stats: ChatStats): Promise<number | undefined> {
    try {
      return await this.#env.contextSize?.(stats);
    } catch {
      return undefined;
    }
  }
}
