// A conversation is a tree: regenerating an answer or editing a question adds a sibling instead of
// deleting what was there. What the user sees is one path through it, from the root to a leaf.
import type { MessageRecord } from '../storage/types';

export interface TreeIndex {
  byId: Map<string, MessageRecord>;
  /** Children per parent id (null for the roots, as any string may be an id), oldest first. */
  children: Map<string | null, MessageRecord[]>;
  /** The parent each message hangs from here (null for a root): a forest, whatever was stored. */
  parentOf: Map<string, string | null>;
}

/**
 * Which parent each message hangs from. A parent that no longer exists (deleted) makes the message a
 * root, and so does a parent link that closes a loop (a chain of parents coming back to itself, which
 * the app never makes but a damaged database or an old import may hold): every walk up or down the
 * tree then ends. Linear: each message is walked once.
 */
function parentsOf(
  all: readonly MessageRecord[],
  byId: Map<string, MessageRecord>,
): Map<string, string | null> {
  const parentOf = new Map<string, string | null>();
  const onWalk = new Set<string>();
  for (const start of all) {
    for (let m: MessageRecord | undefined = start; m && !parentOf.has(m.id);) {
      onWalk.add(m.id);
      const parent: MessageRecord | undefined = m.parentId !== null ? byId.get(m.parentId) : undefined;
      const isLoop: boolean = parent !== undefined && onWalk.has(parent.id);
      parentOf.set(m.id, parent && !isLoop ? parent.id : null);
      m = isLoop ? undefined : parent;
    }
    onWalk.clear();
  }
  return parentOf;
}

export function indexTree(all: readonly MessageRecord[]): TreeIndex {
  const byId = new Map<string, MessageRecord>();
  const children = new Map<string | null, MessageRecord[]>();
  for (const m of all) byId.set(m.id, m);
  const parentOf = parentsOf(all, byId);
  for (const m of all) {
    const key = parentOf.get(m.id) ?? null;
    const list = children.get(key);
    if (list) list.push(m);
    else children.set(key, [m]);
  }
  for (const list of children.values()) list.sort((a, b) => a.createdAt - b.createdAt);
  return { byId, children, parentOf };
}

function parentIn(t: TreeIndex, m: MessageRecord): MessageRecord | undefined {
  const id = t.parentOf.get(m.id);
  return id == null ? undefined : t.byId.get(id);
}

/** The newest leaf below a message: where a branch continues when the user switches to it. */
export function newestLeaf(t: TreeIndex, from: MessageRecord): MessageRecord {
  let node = from;
  for (;;) {
    const kids = t.children.get(node.id);
    const next = kids?.at(-1);
    if (!next) return node;
    node = next;
  }
}

/** The path from the root to `leafId` (or to the newest leaf when it is unknown). */
export function pathTo(t: TreeIndex, leafId: string | undefined): MessageRecord[] {
  let leaf = leafId ? t.byId.get(leafId) : undefined;
  if (!leaf) {
    const root = t.children.get(null)?.at(-1);
    if (!root) return [];
    leaf = newestLeaf(t, root);
  }
  const path: MessageRecord[] = [];
  for (let m: MessageRecord | undefined = leaf; m; m = parentIn(t, m)) path.push(m);
  return path.reverse();
}

/** The alternatives of a message (itself included) and its place among them. */
export function siblingsOf(t: TreeIndex, m: MessageRecord): { list: MessageRecord[]; index: number } {
  const list = t.children.get(t.parentOf.get(m.id) ?? null) ?? [m];
  return { list, index: list.findIndex((x) => x.id === m.id) };
}

/** A message and everything below it. */
export function subtree(t: TreeIndex, m: MessageRecord): MessageRecord[] {
  const out: MessageRecord[] = [];
  const stack = [m];
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    stack.push(...(t.children.get(node.id) ?? []));
  }
  return out;
}
