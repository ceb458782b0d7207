// Tabs on the same data tell each other what they changed; each then re-reads just that from IndexedDB.
// Writes are per record, so two tabs never overwrite each other's sessions or messages.

export type SyncEvent =
  | { type: 'servers' }
  | { type: 'sessions' }
  | { type: 'messages'; sessionId: string }
  | { type: 'settings' }
  | { type: 'prompts' };

type Listener = (e: SyncEvent) => void;

const channel: BroadcastChannel | null =
  typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('causerie-sync');
const listeners = new Set<Listener>();

channel?.addEventListener('message', (e: MessageEvent<SyncEvent>) => {
  for (const l of listeners) l(e.data);
});

export function broadcast(e: SyncEvent): void {
  channel?.postMessage(e);
}

export function onSync(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
