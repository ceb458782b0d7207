import type { MarkdownUpdate } from './incremental';
import type { LexReply, LexRequest } from './service';
import { locale } from '../i18n/locale';

// One lexing worker for every rendered message. Should it be unavailable (no Worker, or it fails
// to load), the same service runs on the main thread instead, one message per task, and views
// that were waiting send their text again.

export interface LexSession {
  send(request: { reset: boolean; append: string; done: boolean }): void;
  close(): void;
}

interface Listener {
  onUpdate(update: MarkdownUpdate): void;
  /** The lexer lost this session's state (the worker failed): send the whole text again. */
  onLost(): void;
  /** The lexer could not handle this text: show it as plain text. */
  onFailed(): void;
}

type Reply = LexReply | { id: number; failed: string };

let worker: Worker | undefined;
type Service = (request: LexRequest) => LexReply | undefined;
let fallback: Promise<Service> | undefined;

// The lexer itself is in the worker's file; the main thread loads a copy only if it needs one.
const loadFallback = (): Promise<Service> =>
  (fallback ??= import('./service').then(({ createLexService }) => createLexService()));
let started = false;
let nextId = 1;
const listeners = new Map<number, Listener>();

function deliver(reply: Reply): void {
  const listener = listeners.get(reply.id);
  if (!listener) return;
  if ('failed' in reply) listener.onFailed();
  else listener.onUpdate(reply.update);
}

function useFallback(): void {
  worker?.terminate();
  worker = undefined;
  void loadFallback();
  for (const listener of listeners.values()) listener.onLost();
}

/** Starts the worker (with the renderer's chunk, before the first message needs it). */
export function startLexer(): void {
  start();
}

function start(): void {
  if (started) return;
  started = true;
  if (typeof Worker !== 'function') {
    void loadFallback();
    return;
  }
  try {
    worker = new Worker(new URL('./lexer.worker.ts', import.meta.url), {
      type: 'module',
      // The worker has no localStorage: its name tells it the interface's language (i18n/locale.ts).
      name: `markdown:${locale}`,
    });
    worker.addEventListener('message', (event: MessageEvent<Reply>) => deliver(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      useFallback();
    });
  } catch {
    void loadFallback();
  }
}

function post(request: LexRequest): void {
  if (worker) {
    worker.postMessage(request);
    return;
  }
  // Always a task of its own, as a worker's answer would be; requests keep their order.
  void loadFallback().then((handle) => {
    setTimeout(() => {
      let reply: Reply | undefined;
      try {
        reply = handle(request);
      } catch (error) {
        reply = { id: request.id, failed: String(error) };
      }
      if (reply) deliver(reply);
    }, 0);
  });
}

export function openLexSession(listener: Listener): LexSession {
  start();
  const id = nextId++;
  listeners.set(id, listener);
  return {
    send: (request) => post({ id, ...request }),
    close: () => {
      listeners.delete(id);
      post({ id, close: true });
    },
  };
}
