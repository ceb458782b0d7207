// The turn runner alone: a scripted provider, a hand-driven frame clock and clock, storage in memory.
import { describe, expect, it } from 'vitest';
import { TurnRunner, type TurnEnv } from '../../src/lib/chat/runner';
import type { ChatChunk, ChatRequest, Provider } from '../../src/lib/providers/types';
import type { MessageRecord } from '../../src/lib/storage/types';

type Step = ChatChunk | { wait: number } | { fail: unknown };

/** A provider whose stream follows `steps`; `wait` advances the test clock (and real time a little). */
function provider(steps: Step[], clock: { t: number }): Provider {
  return {
    async *chat(req: ChatRequest): AsyncGenerator<ChatChunk> {
      for (const s of steps) {
        if ('wait' in s) {
          clock.t += s.wait;
          await new Promise((r) => setTimeout(r, 1));
        } else if ('fail' in s) throw s.fail;
        else yield s;
        if (req.signal?.aborted) throw new DOMException('stopped', 'AbortError');
      }
    },
  } as unknown as Provider;
}

function setup(steps: Step[], over: Partial<TurnEnv> = {}) {
  const clock = { t: 1000 };
  const frames: (() => void)[] = [];
  const writes: MessageRecord[] = [];
  const storageErrors: unknown[] = [];
  const answer: MessageRecord = {
    id: 'a1',
    sessionId: 's',
    parentId: 'q1',
    role: 'assistant',
    content: '',
    status: 'streaming',
    createdAt: 1,
  };
  const controller = new AbortController();
  const env: TurnEnv = {
    schedule: (run) => void frames.push(run),
    now: () => clock.t,
    save: async (r) => void writes.push(structuredClone(r)),
    onStorageError: (e) => void storageErrors.push(e),
    describe: (e) => ({ kind: 'server', title: String((e as Error).message) }),
    isAbort: (e) => (e as Error).name === 'AbortError',
    writeIntervalMs: 40,
    ...over,
  };
  const runner = new TurnRunner(
    provider(steps, clock),
    { model: 'm', messages: [], signal: controller.signal },
    answer,
    env,
  );
  const frame = () => frames.splice(0).forEach((f) => f());
  return { runner, answer, writes, frames, frame, clock, controller, storageErrors };
}

const content = (text: string): ChatChunk => ({ type: 'content', text });
const thinking = (text: string): ChatChunk => ({ type: 'thinking', text });
const done = (evalCount: number): ChatChunk => ({ type: 'done', stats: { evalCount, doneReason: 'stop' } });

describe('turn runner', () => {
  it('applies the chunks of a frame at once and ends with the whole text, done, and one final write', async () => {
    const t = setup([content('Hel'), content('lo'), { wait: 5 }, content(' world'), done(3)]);
    const running = t.runner.run();
    await new Promise((r) => setTimeout(r, 0));
    // Nothing is shown before the frame comes.
    expect(t.answer.content).toBe('');
    t.frame();
    expect(t.answer.content).toBe('Hello');
    const outcome = await running;
    expect(outcome).toEqual({ status: 'done' });
    expect(t.answer).toMatchObject({ content: 'Hello world', status: 'done' });
    expect(t.answer.stats).toMatchObject({ evalCount: 3, doneReason: 'stop' });
    expect(t.writes.at(-1)).toMatchObject({ content: 'Hello world', status: 'done' });
  });

  it('measures time to first token and the thinking time from the page’s clock', async () => {
    const t = setup([
      { wait: 200 },
      thinking('hmm'),
      { wait: 300 },
      content('Answer'),
      { wait: 50 },
      done(1),
    ]);
    const outcome = await t.runner.run();
    expect(outcome.status).toBe('done');
    expect(t.answer.stats).toMatchObject({ ttftMs: 200, thinkingMs: 300, wallMs: 550 });
    expect(t.answer).toMatchObject({ thinking: 'hmm', content: 'Answer' });
  });

  it('routes <think> tags in the content to the thinking text', async () => {
    const t = setup([content('<thi'), content('nk>plan</think>Result'), done(2)]);
    await t.runner.run();
    expect(t.answer).toMatchObject({ thinking: 'plan', content: 'Result' });
  });

  it('writes the streaming message at most once per interval while it streams', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 30; i++) steps.push(content(`${i} `), { wait: 1 });
    const t = setup(steps, { writeIntervalMs: 30 });
    const stamps: number[] = [];
    const saves: MessageRecord[] = [];
    const runner = new TurnRunner(
      provider([...steps, done(30)], t.clock),
      { model: 'm', messages: [], signal: t.controller.signal },
      t.answer,
      {
        schedule: (run) => void setTimeout(run, 0),
        now: () => t.clock.t,
        save: async (r) => {
          stamps.push(performance.now());
          saves.push(structuredClone(r));
        },
        onStorageError: () => {},
        describe: () => ({ kind: 'server', title: 'x' }),
        isAbort: () => false,
        writeIntervalMs: 30,
      },
    );
    await runner.run();
    const streaming = stamps.slice(0, -1);
    expect(streaming.length).toBeGreaterThan(0);
    for (let i = 1; i < streaming.length; i++) {
      expect(streaming[i]! - streaming[i - 1]!).toBeGreaterThanOrEqual(25);
    }
    expect(saves.at(-1)).toMatchObject({ status: 'done' });
  });

  it('Stop: the status changes at the click, waiting text is dropped, and what arrived is counted', async () => {
    const t = setup([content('one '), content('two '), { wait: 5 }, content('three'), { wait: 5 }, done(3)]);
    const running = t.runner.run();
    await new Promise((r) => setTimeout(r, 0));
    t.frame();
    expect(t.answer.content).toBe('one two ');
    t.controller.abort();
    expect(t.answer.status).toBe('stopped');
    t.frame();
    const outcome = await running;
    expect(outcome).toEqual({ status: 'stopped' });
    expect(t.answer.content).toBe('one two ');
    expect(t.answer.stats).toMatchObject({ evalCount: 2, isPartial: true });
    expect(t.writes.at(-1)).toMatchObject({ status: 'stopped', content: 'one two ' });
  });

  it('Stop counts every piece a joined chunk holds (one network read of many tokens)', async () => {
    const joined: ChatChunk = { type: 'content', text: 'one two three ', count: 3 };
    const t = setup([joined, content('four'), { wait: 5 }, content('five'), { wait: 5 }, done(5)]);
    const running = t.runner.run();
    await new Promise((r) => setTimeout(r, 0));
    t.frame();
    expect(t.answer.content).toBe('one two three four');
    t.controller.abort();
    t.frame();
    await running;
    expect(t.answer.stats).toMatchObject({ evalCount: 4, isPartial: true });
  });

  it('a failure after some text keeps the text, says what failed, and returns the error', async () => {
    const boom = new Error('model runner has unexpectedly stopped');
    const t = setup([content('partial '), { wait: 1 }, { fail: boom }]);
    const outcome = await t.runner.run();
    expect(outcome).toEqual({ status: 'error', error: boom });
    expect(t.answer).toMatchObject({ status: 'error', content: 'partial ' });
    expect(t.answer.error?.title).toContain('unexpectedly stopped');
    expect(t.writes.at(-1)).toMatchObject({ status: 'error', content: 'partial ' });
  });

  it('a write that fails is reported and the answer still completes on screen', async () => {
    const full = new DOMException('full', 'QuotaExceededError');
    const t = setup([content('text'), done(1)], {
      save: async () => {
        throw full;
      },
    });
    const outcome = await t.runner.run();
    expect(outcome.status).toBe('done');
    expect(t.answer).toMatchObject({ content: 'text', status: 'done' });
    expect(t.storageErrors).toContain(full);
  });

  it('asks for the context window only once the answer is done, with the server’s counts', async () => {
    const seen: unknown[] = [];
    const t = setup([content('x'), { type: 'done', stats: { promptEvalCount: 4000, evalCount: 96 } }], {
      contextSize: async (stats) => {
        seen.push(stats);
        return 4096;
      },
    });
    await t.runner.run();
    expect(seen).toEqual([{ promptEvalCount: 4000, evalCount: 96 }]);
    expect(t.answer.stats?.contextSize).toBe(4096);
  });

  it('holds the liveness mark while streaming and lets go at the end', async () => {
    const held: string[] = [];
    let released = 0;
    const t = setup([content('x'), done(1)], {
      hold: (id) => {
        held.push(id);
        return () => void released++;
      },
    });
    await t.runner.run();
    expect(held).toEqual(['a1']);
    expect(released).toBe(1);
  });
});

describe('context problems', () => {
  it('tells a dropped start from a full window, and says nothing when all was read', async () => {
    const { contextProblem } = await import('../../src/lib/chat/turn');
    expect(
      contextProblem({ sentTokens: 900, promptEvalCount: 880, contextSize: 4096, evalCount: 50 }),
    ).toBeNull();
    expect(contextProblem({ sentTokens: 1500, promptEvalCount: 300, contextSize: 400, evalCount: 60 })).toBe(
      'dropped',
    );
    expect(contextProblem({ sentTokens: 100, promptEvalCount: 60, contextSize: 64, evalCount: 10 })).toBe(
      'full',
    );
    expect(contextProblem({ promptEvalCount: 10 })).toBeNull();
    expect(contextProblem(undefined)).toBeNull();
  });
});

describe('think field', () => {
  it('only thinking models get one; off is false, levels go as they are', async () => {
    const { thinkField, takesThinkLevels } = await import('../../src/lib/chat/turn');
    expect(thinkField(['completion'], true)).toBeUndefined();
    expect(thinkField(['completion', 'thinking'], undefined)).toBe(true);
    expect(thinkField(['completion', 'thinking'], false)).toBe(false);
    expect(thinkField(['completion', 'thinking'], 'high')).toBe('high');
    expect(takesThinkLevels('gpt-oss:20b')).toBe(true);
    expect(takesThinkLevels('library/gpt-oss')).toBe(true);
    expect(takesThinkLevels('qwen3:4b')).toBe(false);
    expect(takesThinkLevels('my-gpt-ossify')).toBe(false);
  });
});
