import { describe, expect, it } from 'vitest';
import { indexTree, newestLeaf, pathTo, siblingsOf, subtree } from '../../src/lib/chat/tree';
import type { MessageRecord } from '../../src/lib/storage/types';

let t = 0;
const msg = (id: string, parentId: string | null, role: MessageRecord['role'] = 'user'): MessageRecord => ({
  id,
  sessionId: 's',
  parentId,
  role,
  content: id,
  status: 'done',
  createdAt: ++t,
});

// q1 → a1 → q2 → a2
//         ↘ a1b (regenerated) → q3 (continued from the alternative)
const all = [
  msg('q1', null),
  msg('a1', 'q1', 'assistant'),
  msg('q2', 'a1'),
  msg('a2', 'q2', 'assistant'),
  msg('a1b', 'q1', 'assistant'),
  msg('q3', 'a1b'),
];

describe('conversation tree', () => {
  const tree = indexTree(all);
  const ids = (ms: MessageRecord[]) => ms.map((m) => m.id);

  it('shows the path to the chosen leaf', () => {
    expect(ids(pathTo(tree, 'a2'))).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(ids(pathTo(tree, 'q3'))).toEqual(['q1', 'a1b', 'q3']);
  });

  it('without a known leaf shows the newest branch', () => {
    expect(ids(pathTo(tree, undefined))).toEqual(['q1', 'a1b', 'q3']);
    expect(ids(pathTo(tree, 'gone'))).toEqual(['q1', 'a1b', 'q3']);
  });

  it('lists an answer’s alternatives with its place among them', () => {
    const s = siblingsOf(tree, tree.byId.get('a1')!);
    expect(ids(s.list)).toEqual(['a1', 'a1b']);
    expect(s.index).toBe(0);
  });

  it('switching to an alternative continues at its newest leaf', () => {
    expect(newestLeaf(tree, tree.byId.get('a1')!).id).toBe('a2');
  });

  it('a message’s subtree is what deleting it removes', () => {
    expect(ids(subtree(tree, tree.byId.get('a1')!)).sort()).toEqual(['a1', 'a2', 'q2']);
  });

  it('an orphan (its parent deleted) becomes a root instead of vanishing', () => {
    const orphaned = indexTree(all.filter((m) => m.id !== 'q1'));
    expect(orphaned.children.get('')?.map((m) => m.id)).toEqual(['a1', 'a1b']);
  });
});
