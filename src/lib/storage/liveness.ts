// A message marked "streaming" in storage may be streaming in another tab right now, or may be left
// over from a tab that was closed mid-answer. A Web Lock held while streaming tells the two apart.

const PREFIX = 'causerie-stream:';

/** Holds a lock named for the message until `release` is called. No-op where Web Locks are missing. */
export function holdStreamLock(messageId: string): () => void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return () => {};
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  void locks.request(PREFIX + messageId, () => held).catch(() => {});
  return release;
}

/** Ids of messages some tab is streaming now. Empty where Web Locks are missing (insecure pages). */
export async function liveStreamIds(): Promise<Set<string>> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return new Set();
  try {
    const state = await locks.query();
    return new Set(
      (state.held ?? [])
        .map((l) => l.name ?? '')
        .filter((n) => n.startsWith(PREFIX))
        .map((n) => n.slice(PREFIX.length)),
    );
  } catch {
    return new Set();
  }
}
