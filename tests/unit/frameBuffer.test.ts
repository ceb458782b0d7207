import { describe, expect, it } from 'vitest';
import { FrameBuffer } from '../../src/lib/chat/frameBuffer';

function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void queue.push(run),
    frame: () => queue.splice(0).forEach((r) => r()),
  };
}

describe('frame buffer', () => {
  it('applies all tokens of a frame at once, in order', () => {
    const f = manualFrames();
    const applied: [string, string][] = [];
    const b = new FrameBuffer((c, t) => applied.push([c, t]), f.schedule);
    b.pushThinking('hm');
    for (const t of ['a', 'b', 'c']) b.pushContent(t);
    expect(applied).toEqual([]);
    f.frame();
    b.pushContent('d');
    f.frame();
    expect(applied).toEqual([
      ['abc', 'hm'],
      ['d', ''],
    ]);
  });

  it('flush applies now; drop forgets what waits (Stop)', () => {
    const f = manualFrames();
    const applied: string[] = [];
    const b = new FrameBuffer((c) => applied.push(c), f.schedule);
    b.pushContent('kept');
    b.flush();
    b.pushContent('dropped');
    b.drop();
    f.frame();
    expect(applied).toEqual(['kept']);
  });
});
