// Keyboard shortcuts: which key does what, in one table that the handler and the help dialog share.

export type ShortcutAction =
  'newChat' | 'focusMessage' | 'searchChats' | 'copyLastAnswer' | 'toggleSidebar' | 'showShortcuts';

interface Shortcut {
  action: ShortcutAction;
  key: string;
  /** Ctrl, or ⌘ on a Mac. */
  mod?: boolean;
  shift?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'newChat', key: 'o', mod: true, shift: true },
  { action: 'focusMessage', key: 'Escape', shift: true },
  { action: 'searchChats', key: 'k', mod: true },
  { action: 'copyLastAnswer', key: 'y', mod: true, shift: true },
  { action: 'toggleSidebar', key: 's', mod: true, shift: true },
  { action: 'showShortcuts', key: '/', mod: true },
];

export const isMac = (platform: string): boolean => /mac|iphone|ipad/i.test(platform);

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The action a key press asks for. `?` alone opens the help, but only outside a text field (it is a
 * character there); the others work anywhere, a text field included.
 */
export function shortcutFor(e: KeyLike, mac: boolean, isTyping: boolean): ShortcutAction | null {
  if (e.altKey) return null;
  if (e.key === '?' && !isTyping && !e.ctrlKey && !e.metaKey) return 'showShortcuts';
  const mod = mac ? e.metaKey : e.ctrlKey;
  for (const s of SHORTCUTS) {
    if (e.key.toLowerCase() !== s.key.toLowerCase()) continue;
    if (!!s.mod !== mod || !!s.shift !== e.shiftKey) continue;
    if (!s.mod && (e.ctrlKey || e.metaKey)) continue;
    return s.action;
  }
  return null;
}

/** How a shortcut is written for this platform: "Ctrl + Shift + O", "⌘ + K". */
export function keysOf(s: Shortcut, mac: boolean): string[] {
  const keys: string[] = [];
  if (s.mod) keys.push(mac ? '⌘' : 'Ctrl');
  if (s.shift) keys.push('Shift');
  keys.push(s.key.length === 1 ? s.key.toUpperCase() : s.key === 'Escape' ? 'Esc' : s.key);
  return keys;
}
