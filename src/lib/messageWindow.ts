// Which messages of a long chat are in the DOM. A chat opens on its newest page; scrolling up adds
// older pages and, past a limit, drops the newest ones (and the other way round), so the page
// stays light however long the chat is. `null` ends mean "up to the newest message".

export interface MessageWindow {
  from: number | null;
  to: number | null;
}

export const PAGE = 8;
export const MAX_SHOWN = 40;

export const LIVE: MessageWindow = { from: null, to: null };

export function range(w: MessageWindow, length: number): { start: number; end: number } {
  const end = Math.min(length, w.to ?? length);
  const start = Math.max(0, Math.min(end, w.from ?? end - PAGE));
  return { start, end };
}

/** One page more at the top; the bottom is trimmed beyond MAX_SHOWN. */
export function earlier(w: MessageWindow, length: number): MessageWindow {
  const { start, end } = range(w, length);
  const from = Math.max(0, start - PAGE);
  const to = end - from > MAX_SHOWN ? from + MAX_SHOWN : w.to;
  return { from, to: to !== null && to >= length ? null : to };
}

/** One page more at the bottom; the top is trimmed beyond MAX_SHOWN. Back to live at the end. */
export function later(w: MessageWindow, length: number): MessageWindow {
  const { start, end } = range(w, length);
  const to = Math.min(length, end + PAGE);
  const from = to - start > MAX_SHOWN ? to - MAX_SHOWN : start;
  return { from, to: to >= length ? null : to };
}

export const hasEarlier = (w: MessageWindow, length: number): boolean => range(w, length).start > 0;
export const hasLater = (w: MessageWindow, length: number): boolean => range(w, length).end < length;
