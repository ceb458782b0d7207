import { describe, expect, it } from 'vitest';
import { keysOf, SHORTCUTS, shortcutFor } from '../../src/lib/shortcuts';

const key = (
  k: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {},
) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('keyboard shortcuts', () => {
  it('Ctrl on Linux and Windows, ⌘ on a Mac', () => {
    expect(shortcutFor(key('k', { ctrl: true }), false, false)).toBe('searchChats');
    expect(shortcutFor(key('k', { meta: true }), false, false)).toBeNull();
    expect(shortcutFor(key('k', { meta: true }), true, false)).toBe('searchChats');
    expect(shortcutFor(key('O', { ctrl: true, shift: true }), false, true)).toBe('newChat');
  });

  it('? opens the help outside a text field only; Shift+Esc goes to the message box', () => {
    expect(shortcutFor(key('?', { shift: true }), false, false)).toBe('showShortcuts');
    expect(shortcutFor(key('?', { shift: true }), false, true)).toBeNull();
    expect(shortcutFor(key('Escape', { shift: true }), false, true)).toBe('focusMessage');
    expect(shortcutFor(key('Escape'), false, true)).toBeNull();
  });

  it('modifiers must match exactly: Ctrl+K is not Ctrl+Shift+K nor Ctrl+Alt+K', () => {
    expect(shortcutFor(key('k', { ctrl: true, shift: true }), false, false)).toBeNull();
    expect(shortcutFor(key('k', { ctrl: true, alt: true }), false, false)).toBeNull();
    expect(shortcutFor(key('s', { shift: true }), false, false)).toBeNull();
  });

  it('every shortcut is written with its keys, and no two share them', () => {
    const written = SHORTCUTS.map((s) => keysOf(s, false).join('+'));
    expect(new Set(written).size).toBe(SHORTCUTS.length);
    expect(
      keysOf(
        SHORTCUTS.find((s) => s.action === 'newChat')!,
        true,
      ),
    ).toEqual(['⌘', 'Shift', 'O']);
  });
});

describe('option names', () => {
  it('the list used to check imports and host files names exactly the settings fields', async () => {
    const { NUMBER_FIELDS, NUMERIC_OPTIONS } = await import('../../src/lib/chat/optionFields');
    expect([...NUMERIC_OPTIONS].sort()).toEqual(NUMBER_FIELDS.map((f) => f.name).sort());
  });
});
