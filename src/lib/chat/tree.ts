// A conversation is a tree: regenerating an answer or editing a question adds a sibling instead of
// deleting what was there. What the user sees is one path through it, from the root to a leaf.
import type { MessageRecord } from '../storage/types';

export interface TreeIndex {
  byId: Map<string, MessageRecord>;
  /** Children per parent id (`''` for the roots), oldest first. */
  children: Map<string, MessageRecord[]>;
}

export function indexTree(all: readonly MessageRecord[]): TreeIndex {
  const byId = new Map<string, MessageRecord>();
  const children = new Map<string, MessageRecord[]>();
  for (const m of all) byId.set(m.id, m);
  for (const m of all) {
    // A parent that no longer exists (deleted) makes the message a root.
    const key = m.parentId && byId.has(m.parentId) ? m.parentId : '';
    const list = children.get(key);
    if (list) list.push(m);
    else children.set(key, [m]);
  }
  for (const list of children.values()) list.sort((a, b) => a.createdAt - b.createdAt);
  return { byId, children };
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
    const root = t.children.get('')?.at(-1);
    if (!root) return [];
    leaf = newestLeaf(t, root);
  }
  const path: MessageRecord[] = [];
  for (let m: MessageRecord | undefined = leaf; m; m = m.parentId ? t.byId.get(m.parentId) : undefined) {
    path.push(m);
  }
  return path.reverse();
}

/** The alternatives of a message (itself included) and its place among them. */
export function siblingsOf(t: TreeIndex, m: MessageRecord): { list: MessageRecord[]; index: number } {
  const key = m.parentId && t.byId.has(m.parentId) ? m.parentId : '';
  const list = t.children.get(key) ?? [m];
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
