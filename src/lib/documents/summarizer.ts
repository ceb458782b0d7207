// The sequential summary: a text longer than the model's window is cut into chunks sized from that
// window; each chunk is sent with the summary so far and the model rewrites the summary to include
// it; a last request formats the result. The job's state is saved after every finished chunk, so a
// stopped, failed or reloaded run goes on from there. The store only starts, stops and shows it.
import { estimatePromptTokens, estimateTokens } from '../contextBudget';
import type { ChatMessage, ChatRequest, Provider } from '../providers/types';
import type { SummaryJobRecord } from '../storage/types';
import { runTurn } from '../chat/turn';
import { chunkText, type Chunk } from './chunk';

/** The share of the window kept for the summary so far, and as much again for the new one. */
const SUMMARY_SHARE = 0.2;
const SUMMARY_MIN = 128;
const SUMMARY_MAX = 2048;
/** Kept free for the estimate's error (±25 % on ordinary text) on the chunk itself. */
const SAFETY_SHARE = 0.15;
/** Below this many tokens per chunk the window is too small to summarise anything. */
export const MIN_CHUNK_TOKENS = 120;

export interface SummarySizes {
  window: number;
  /** The summary's budget: its size when carried, and the answer's cap (num_predict). */
  summaryTokens: number;
  chunkTokens: number;
}

/** The wrapping of one request, with the chunk and summary left empty, as the model gets it. */
function chunkMessages(
  instructions: string,
  summary: string,
  chunk: string,
  i: number,
  n: number,
): ChatMessage[] {
  const parts = [];
  if (summary) parts.push(`<summary_so_far>\n${summary}\n</summary_so_far>`);
  parts.push(`<part number="${i + 1}" of="${n}">\n${chunk}\n</part>`);
  return [
    { role: 'system', content: instructions },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Chunk and summary sizes for a window, or null when the window cannot hold even a small chunk. */
export function summarySizes(
  window: number,
  instructions: { chunk: string; final: string },
): SummarySizes | null {
  const summaryTokens = Math.round(Math.min(SUMMARY_MAX, Math.max(SUMMARY_MIN, window * SUMMARY_SHARE)));
  const wrapping = estimatePromptTokens(chunkMessages(instructions.chunk, ' ', ' ', 9999, 9999));
  const chunkTokens = Math.floor(window - wrapping - 2 * summaryTokens - window * SAFETY_SHARE);
  if (chunkTokens < MIN_CHUNK_TOKENS) return null;
  return { window, summaryTokens, chunkTokens };
}

/** The chunks a job works through: the same text and sizes always give the same chunks. */
export function summaryChunks(text: string, chunkTokens: number): Chunk[] {
  return chunkText(text, chunkTokens);
}

/**
 * Keeps a summary within its budget: a model that ignores `num_predict` (or a server without it)
 * must not make the next request overflow. Cut at the last sentence end that fits.
 */
export function capSummary(summary: string, tokens: number): string {
  if (estimateTokens(summary) <= tokens) return summary;
  let lo = 0;
  let hi = summary.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (estimateTokens(summary.slice(0, mid)) <= tokens) lo = mid;
    else hi = mid - 1;
  }
  const cut = summary.slice(0, lo);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'), cut.lastIndexOf('\n'));
  return (end > lo / 2 ? cut.slice(0, end + 1) : cut).trimEnd();
}

export interface SummarizerDeps {
  provider: Provider;
  /** Saves the job after each finished chunk (and at the end). */
  save(job: SummaryJobRecord): Promise<void>;
  /** The job changed: a chunk finished, the summary so far grew, the run ended. */
  onProgress(job: SummaryJobRecord): void;
  now(): number;
  /** Extra request options (the session's num_ctx, keep_alive). */
  options?: ChatRequest['options'];
  keepAlive?: ChatRequest['keepAlive'];
}

export type SummaryOutcome = { status: 'done' } | { status: 'stopped' } | { status: 'error'; error: unknown };

export class Summarizer {
  readonly #job: SummaryJobRecord;
  readonly #chunks: readonly Chunk[];
  readonly #deps: SummarizerDeps;
  readonly #controller = new AbortController();

  constructor(job: SummaryJobRecord, chunks: readonly Chunk[], deps: SummarizerDeps) {
    this.#job = { ...job, total: chunks.length };
    this.#chunks = chunks;
    this.#deps = deps;
  }

  get job(): SummaryJobRecord {
    return this.#job;
  }

  /** Stops the request under way; the summary so far is kept. */
  stop(): void {
    this.#controller.abort();
  }

  async run(): Promise<SummaryOutcome> {
    const job = this.#job;
    job.status = 'running';
    this.#deps.onProgress(job);
    try {
      while (job.done < this.#chunks.length) {
        const startedAt = this.#deps.now();
        const chunk = this.#chunks[job.done]!;
        const messages = chunkMessages(job.instructions.chunk, job.summary, chunk.text, job.done, job.total);
        const next = await this.#ask(messages);
        job.summary = capSummary(next, job.summaryTokens);
        job.done += 1;
        job.elapsedMs += this.#deps.now() - startedAt;
        job.updatedAt = Date.now();
        await this.#deps.save({ ...job });
        this.#deps.onProgress(job);
      }
      const final = await this.#ask([
        { role: 'system', content: job.instructions.final },
        { role: 'user', content: job.summary },
      ]);
      job.summary = final || job.summary;
      job.status = 'done';
      job.updatedAt = Date.now();
      await this.#deps.save({ ...job });
      this.#deps.onProgress(job);
      return { status: 'done' };
    } catch (e) {
      const stopped = this.#controller.signal.aborted;
      job.status = stopped ? 'stopped' : 'error';
      job.updatedAt = Date.now();
      await this.#deps.save({ ...job }).catch(() => {});
      this.#deps.onProgress(job);
      return stopped ? { status: 'stopped' } : { status: 'error', error: e };
    }
  }

  async #ask(messages: ChatMessage[]): Promise<string> {
    let text = '';
    const job = this.#job;
    await runTurn(
      this.#deps.provider,
      {
        model: job.model,
        messages,
        stream: true,
        signal: this.#controller.signal,
        // The window the chunks were sized for, and an answer no longer than the summary's budget.
        options: { ...this.#deps.options, num_ctx: job.window, num_predict: job.summaryTokens },
        keepAlive: this.#deps.keepAlive,
      },
      { onContent: (t) => (text += t), onThinking: () => {} },
    );
    return text.trim();
  }
}

/** Estimated time left, from the average time of the finished chunks (one more for the final pass). */
export function remainingMs(job: Pick<SummaryJobRecord, 'done' | 'total' | 'elapsedMs'>): number | undefined {
  if (job.done === 0) return undefined;
  return (job.elapsedMs / job.done) * (job.total - job.done + 1);
}
