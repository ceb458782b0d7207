import { describe, expect, it } from 'vitest';
import { compareTable, lanes, runLanes } from '../../src/lib/chat/schedule';

const targets = [
  { serverId: 'gpu', model: 'a' },
  { serverId: 'cpu', model: 'b' },
  { serverId: 'gpu', model: 'c' },
];

describe('compare scheduling', () => {
  it('puts models of one server in one lane, servers side by side', () => {
    expect(lanes(targets, false).map((l) => l.map((t) => t.model))).toEqual([['a', 'c'], ['b']]);
  });

  it('"Run at once" gives every model its own lane', () => {
    expect(lanes(targets, true)).toHaveLength(3);
  });

  it('models in the page take turns, even with "Run at once", beside the servers', () => {
    const mixed = [
      { serverId: 'page-1', model: 'tiny' },
      { serverId: 'gpu', model: 'a' },
      { serverId: 'page-2', model: 'other' },
    ];
    const inPage = (t: { serverId: string }) => t.serverId.startsWith('page');
    for (const atOnce of [false, true]) {
      expect(lanes(mixed, atOnce, inPage).map((l) => l.map((t) => t.model))).toEqual([
        ['tiny', 'other'],
        ['a'],
      ]);
    }
  });

  it('runs a lane in order and lanes at the same time', async () => {
    const events: string[] = [];
    await runLanes(lanes(targets, false), async (t) => {
      events.push(`start ${t.model}`);
      await new Promise((r) => setTimeout(r, t.model === 'b' ? 5 : 20));
      events.push(`end ${t.model}`);
    });
    // b starts with a (another server); c waits for a (same server).
    expect(events.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(events.indexOf('start c')).toBeGreaterThan(events.indexOf('end a'));
  });

  it('exports the figures as a Markdown table', () => {
    const md = compareTable(
      [{ model: 'llama|3', server: 'GPU', loadMs: 12.4, ttftMs: 80, tokensPerSecond: 41.26, tokens: 48 }],
      ['Model', 'Server', 'Load (ms)', 'First token (ms)', 'Tokens/s', 'Tokens'],
    );
    expect(md).toBe(
      '| Model | Server | Load (ms) | First token (ms) | Tokens/s | Tokens |\n' +
        '| --- | --- | ---: | ---: | ---: | ---: |\n' +
        '| llama\\|3 | GPU | 12 | 80 | 41.3 | 48 |\n',
    );
  });
});
