// Issue 12 point 4: with Stream off, Ollama sends its headers only once the whole answer is written.
// The wait is shown as time passing, and neither time-out cuts it short (this test took over the
// fidelity suite's Stream-off test, which asserted the time-outs alone).
import { ask, chatRequests, expect, lastAnswer, openApp, shortTimeOuts, test } from './fixtures';

test('with Stream off, the pending answer shows the time waited, second by second, past both time-outs', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  await shortTimeOuts(page);
  await page.getByRole('switch', { name: 'Stream' }).uncheck();
  // About 50 tokens at 9 tokens/s: the server answers after ~5.5 s, all at once.
  ollama.setOptions({ rate: 9 });
  await ask(page, 'take your time');
  const answer = lastAnswer(page);
  await expect(answer).toContainText('Waiting for the whole answer…');
  const timer = answer.getByRole('timer', { name: 'Time waited' });
  await expect(timer).toHaveText(/^\d+ s$/);
  // Changes are not announced: the timer is no live region and the answer around it is busy.
  await expect(timer).toHaveAttribute('aria-live', 'off');
  await expect(answer).toHaveAttribute('aria-busy', 'true');
  // It counts: seen at 1 s, 2 s and 3 s (past the 1 s + 1 s a streamed request would get).
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const text = await timer.textContent({ timeout: 500 }).catch(() => null);
        if (text) seen.add(text);
        return ['1 s', '2 s', '3 s'].every((s) => seen.has(s));
      },
      { timeout: 6_000, intervals: [200] },
    )
    .toBe(true);
  await expect(answer).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(answer).toContainText('You said: "take your time"');
  await expect(answer).not.toContainText('Waiting for the whole answer');
  await expect(answer.getByRole('timer')).toHaveCount(0);
  await expect(page.getByRole('alert')).toBeEmpty();
  expect((chatRequests(ollama).at(-1)!.body as { stream: boolean }).stream).toBe(false);
});

test('with Stream on, a pending answer shows no whole-answer timer', async ({ page, ollama }) => {
  await openApp(page, ollama);
  ollama.setOptions({ rate: 0, firstByteDelayMs: 1500 });
  await ask(page, 'quick');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer.getByRole('status', { name: 'Waiting for the answer…' })).toBeVisible();
  await expect(answer.getByRole('timer')).toHaveCount(0);
  await expect(answer).toHaveAttribute('data-status', 'done');
});

test('with Stream off, each column of a comparison shows the time its answer has waited once it is asked', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  await page.getByRole('switch', { name: 'Stream' }).uncheck();
  // About 50 tokens at 20 tokens/s: each answer comes whole after ~2.5 s, one model after the other.
  ollama.setOptions({ rate: 20 });
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const setup = page.getByRole('group', { name: 'Models to compare' });
  await setup.getByRole('checkbox', { name: 'llama3.2:latest' }).check();
  await setup.getByRole('checkbox', { name: 'llava:7b' }).check();
  await ask(page, 'both of you');

  const comparison = page.getByRole('region', { name: 'Comparison' });
  const first = comparison.locator('[data-model="llama3.2:latest"]');
  const second = comparison.locator('[data-model="llava:7b"]');
  // The first is asked and counts; the second (same server) waits for its turn, with no timer yet.
  await expect(first.getByRole('timer', { name: 'Time waited' })).toHaveText(/^\d+ s$/);
  await expect(first).toContainText('Waiting for the whole answer…');
  await expect(first).toHaveAttribute('aria-busy', 'true');
  await expect(second).toContainText('Waiting for its turn…');
  await expect(second.getByRole('timer')).toHaveCount(0);
  // Then the first is whole and the second is asked, and counts in its turn.
  await expect(first).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(first.getByRole('timer')).toHaveCount(0);
  await expect(second.getByRole('timer', { name: 'Time waited' })).toHaveText(/^\d+ s$/);
  await expect(second).not.toContainText('Waiting for its turn…');
  await expect(second).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(second.getByRole('timer')).toHaveCount(0);
  await expect(second).toContainText('You said: "both of you"');
});
