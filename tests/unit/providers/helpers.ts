// Test doubles for the network: real Response objects over ReadableStreams, and a fetch stub.
import { vi } from 'vitest';
import { createProvider } from '../../../src/lib/providers';
import { forgetRecentLists } from '../../../src/lib/providers/openai';
import type { PageInfo } from '../../../src/lib/providers/page';
import type { Auth, ChatChunk, Connection, Provider, ServerKind } from '../../../src/lib/providers/types';

export const encoder = new TextEncoder();

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
export const SAFARI_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

export const httpPage: PageInfo = {
  origin: 'http://localhost:4173',
  protocol: 'http:',
  userAgent: CHROME_UA,
};
export const httpsPage: PageInfo = {
  origin: 'https://someone.github.io',
  protocol: 'https:',
  userAgent: CHROME_UA,
};

/** Cuts bytes at the given offsets (sorted, deduplicated, out-of-range ignored). */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(bytes.slice(start, cut));
    start = cut;
  }
  return parts;
}

export interface BodyProbe {
  stream: ReadableStream<Uint8Array>;
  /** Set once the consumer cancelled the body (closed the connection). */
  readonly isCancelled: boolean;
}

/**
 * A body that delivers `chunks` one per pull, then either ends or, with `stall`, never sends
 * another byte (a server still thinking), which is how abort and time-outs are exercised.
 */
export function body(chunks: readonly (string | Uint8Array)[], options: { stall?: boolean } = {}): BodyProbe {
  let i = 0;
  let isCancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk !== undefined) {
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        return;
      }
      if (options.stall) return new Promise<void>(() => undefined);
      controller.close();
    },
    cancel() {
      isCancelled = true;
    },
  });
  return {
    stream,
    get isCancelled() {
      return isCancelled;
    },
  };
}

export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

export function ndjsonResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/x-ndjson' } });
}

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

export interface FetchCall {
  url: string;
  init: RequestInit;
  headers: Headers;
  body: unknown;
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** Replaces global fetch; records every call with its parsed JSON body. */
export function stubFetch(handler: Handler): FetchCall[] {
  // A new fake server: nothing it "said" before is remembered.
  forgetRecentLists();
  const calls: FetchCall[] = [];
  const fake = vi.fn((input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    const text = typeof init.body === 'string' ? init.body : undefined;
    calls.push({
      url,
      init,
      headers: new Headers(init.headers),
      body: text === undefined ? undefined : (JSON.parse(text) as unknown),
    });
    init.signal?.throwIfAborted();
    return Promise.resolve(handler(url, init));
  });
  vi.stubGlobal('fetch', fake);
  return calls;
}

/** A fetch that never answers, but rejects like the real one when its signal aborts. */
export function never(init: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    const signal = init.signal;
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** What a browser throws for a refused connection, a CORS rejection or a blocked request. */
export const networkError = () => Promise.reject(new TypeError('Failed to fetch'));

export function provider(
  kind: ServerKind = 'ollama',
  extra: Partial<Connection> & { auth?: Auth } = {},
  page: PageInfo = httpPage,
): Provider {
  const conn: Connection = {
    baseUrl: kind === 'ollama' ? 'http://localhost:11434' : 'http://localhost:8000/v1',
    kind,
    auth: { type: 'none' },
    ...extra,
  };
  return createProvider(conn, { page: () => page });
}

export async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

/** Runs a generator to its end, returning what it yielded and what it threw. */
export async function settle<T>(gen: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const x of gen) items.push(x);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

export interface Answer {
  content: string;
  thinking: string;
  stats: unknown;
}

export async function answerOf(chunks: AsyncIterable<ChatChunk>): Promise<Answer> {
  const answer: Answer = { content: '', thinking: '', stats: undefined };
  for await (const chunk of chunks) {
    if (chunk.type === 'content') answer.content += chunk.text;
    else if (chunk.type === 'thinking') answer.thinking += chunk.text;
    else answer.stats = chunk.stats;
  }
  return answer;
}
