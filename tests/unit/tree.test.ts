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
    expect(orphaned.children.get(null)?.map((m) => m.id)).toEqual(['a1', 'a1b']);
  });

  it('a parent loop (a damaged database or a crafted import) ends every walk instead of hanging', () => {
    // x → y → z → x, a message that is its own parent, and a branch hanging below the loop.
    const looped = [
      msg('r', null),
      msg('x', 'z'),
      msg('y', 'x', 'assistant'),
      msg('z', 'y'),
      msg('self', 'self'),
      msg('below', 'y', 'assistant'),
    ];
    const t2 = indexTree(looped);
    // Each message ends up in a tree with a root: following parents from anywhere stops.
    for (const m of looped) {
      const path = pathTo(t2, m.id);
      expect(path.at(-1)?.id).toBe(m.id);
      expect(path.length).toBeLessThanOrEqual(looped.length);
      expect(new Set(path.map((p) => p.id)).size).toBe(path.length);
    }
    expect(ids(pathTo(t2, 'self'))).toEqual(['self']);
    // Walking down ends too, and every message is reachable from some root exactly once.
    const roots = t2.children.get(null) ?? [];
    const reached = roots.flatMap((r) => ids(subtree(t2, r)));
    expect(reached.sort()).toEqual(ids(looped).sort());
    for (const r of roots) expect(t2.byId.has(newestLeaf(t2, r).id)).toBe(true);
    expect(siblingsOf(t2, t2.byId.get('self')!).list.length).toBe(roots.length);
  });

  it('a message whose id is empty is a message like any other, not the list of roots', () => {
    const odd = indexTree([msg('', null), msg('k', '', 'assistant')]);
    expect(ids(pathTo(odd, 'k'))).toEqual(['', 'k']);
    expect(ids(subtree(odd, odd.byId.get('')!))).toEqual(['', 'k']);
  });
});
