// The chat list in groups a person scans by: pinned first, then by when the chat was last used.
import type { SessionRecord } from './storage/types';

export type ChatGroupKey = 'pinned' | 'today' | 'yesterday' | 'week' | 'month' | 'older';

export interface ChatGroup {
  key: ChatGroupKey;
  sessions: SessionRecord[];
}

const DAY_MS = 86_400_000;

/** Local midnight of the day `t` falls in. */
function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Groups sessions (already newest first) keeping their order inside each group; empty groups are left out. */
export function groupChats(sessions: readonly SessionRecord[], now: number): ChatGroup[] {
  const today = startOfDay(now);
  const yesterday = startOfDay(today - 1);
  const order: ChatGroupKey[] = ['pinned', 'today', 'yesterday', 'week', 'month', 'older'];
  const byKey = new Map<ChatGroupKey, SessionRecord[]>(order.map((k) => [k, []]));
  for (const s of sessions) {
    const t = s.updatedAt;
    const key: ChatGroupKey = s.pinned
      ? 'pinned'
      : t >= today
        ? 'today'
        : t >= yesterday
          ? 'yesterday'
          : t >= today - 7 * DAY_MS
            ? 'week'
            : t >= today - 30 * DAY_MS
              ? 'month'
              : 'older';
    byKey.get(key)!.push(s);
  }
  return order.map((key) => ({ key, sessions: byKey.get(key)! })).filter((g) => g.sessions.length > 0);
}

/**
 * A locale `Intl` accepts: browsers can report tags it refuses (WebKit under a bare POSIX
 * environment says "C"), and a RangeError there would break the whole chat list.
 */
export function safeLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(locale)[0];
  } catch {
    return undefined;
  }
}

type DateStyle = 'time' | 'weekday' | 'date' | 'dateYear';

const STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short' },
  date: { day: 'numeric', month: 'short' },
  dateYear: { day: 'numeric', month: 'short', year: 'numeric' },
};

// Making a formatter costs far more than using one (a millisecond on a slow laptop), and the
// chat list formats a date per chat whenever a chat changes (every save while an answer streams).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(requested: string | undefined, style: DateStyle): Intl.DateTimeFormat {
  const key = `${requested ?? ''}\u0000${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(safeLocale(requested), STYLES[style]);
    formatters.set(key, found);
  }
  return found;
}

/** The date shown beside a chat: the time today, the weekday this week, else the date. */
export function chatDate(t: number, now: number, requested: string | undefined): string {
  const today = startOfDay(now);
  if (t >= today) return formatter(requested, 'time').format(t);
  if (t >= today - 6 * DAY_MS) return formatter(requested, 'weekday').format(t);
  const sameYear = new Date(t).getFullYear() === new Date(now).getFullYear();
  return formatter(requested, sameYear ? 'date' : 'dateYear').format(t);
}
