import { describe, expect, it } from 'vitest';
import { chatDate, groupChats } from '../../src/lib/chatGroups';
import type { SessionRecord } from '../../src/lib/storage/types';

const at = (y: number, mo: number, d: number, h = 12) => new Date(y, mo - 1, d, h).getTime();
const chat = (id: string, updatedAt: number, pinned = false): SessionRecord => ({
  id,
  title: id,
  createdAt: updatedAt,
  updatedAt,
  systemPrompt: '',
  options: {},
  ...(pinned ? { pinned } : {}),
});

describe('chat groups', () => {
  const now = at(2026, 12, 1, 15);

  it('groups by the local day: pinned, today, yesterday, previous 7 and 30 days, older; order kept', () => {
    const list = [
      chat('now', at(2026, 12, 1, 14)),
      chat('early', at(2026, 12, 1, 0)),
      chat('pinned-old', at(2025, 1, 1), true),
      chat('late-yesterday', at(2026, 11, 30, 23)),
      chat('monday-week', at(2026, 11, 26)),
      chat('mid-nov', at(2026, 11, 10)),
      chat('last-year', at(2025, 6, 1)),
    ];
    expect(groupChats(list, now).map((g) => [g.key, g.sessions.map((s) => s.id)])).toEqual([
      ['pinned', ['pinned-old']],
      ['today', ['now', 'early']],
      ['yesterday', ['late-yesterday']],
      ['week', ['monday-week']],
      ['month', ['mid-nov']],
      ['older', ['last-year']],
    ]);
  });

  it('leaves out empty groups', () => {
    expect(groupChats([chat('a', now)], now).map((g) => g.key)).toEqual(['today']);
    expect(groupChats([], now)).toEqual([]);
  });

  it('dates: a time today, a weekday this week, a date before, with the year when it differs', () => {
    expect(chatDate(at(2026, 12, 1, 9), now, 'en-GB')).toBe('09:00');
    expect(chatDate(at(2026, 11, 28), now, 'en-GB')).toBe('Sat');
    expect(chatDate(at(2026, 11, 2), now, 'en-GB')).toBe('2 Nov');
    expect(chatDate(at(2025, 11, 2), now, 'fr-FR')).toBe('2 nov. 2025');
    // WebKit in a bare POSIX environment reports the language "C", which Intl refuses.
    expect(chatDate(at(2026, 12, 1, 9), now, 'C')).toMatch(/9:00|09:00/);
    expect(chatDate(at(2026, 12, 1, 9), now, 'not a tag!')).toMatch(/9:00|09:00/);
  });
});
