// "Start a new chat from a summary" (issue 14): a conversation longer than the model's 2,048-token
// window is summarised in parts that each fit, with progress, Stop and resume after a reload, and
// the summary is the first answer of a new chat that the user reads, copies and goes on from.
import { ask, chatRequests, expect, lastAnswer, test, type FakeOllama } from './fixtures';
import {
  composerWarning,
  openSmall,
  partOf,
  progressSteps,
  recordProgress,
  requestTokens,
  WINDOW,
  startSmallServer,
} from './documentsFixtures';

const log = (page: import('@playwright/test').Page) => page.getByRole('log', { name: 'Conversation' });

test.describe('a conversation summary', () => {
  let server: FakeOllama;
  test.beforeEach(async () => {
    server = await startSmallServer();
  });
  test.afterEach(() => server.close());

  test('a conversation longer than the window is summarised in parts into a new chat, stopped, and resumed after a reload', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await recordProgress(page);
    await openSmall(page, server);
    // Two long answers: together more than the window holds.
    await ask(page, 'Talk at length about 1.');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await ask(page, 'Talk at length about 2.');
    await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(2);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const before = chatRequests(server).length;

    const meter = page.getByRole('meter', { name: 'Context' });
    await expect(meter).toContainText(`/ ${WINDOW.toLocaleString('en')} tokens`);
    const warning = composerWarning(page);
    await expect(warning).toContainText('will not fit');
    // The instructions the parts are summarised with can be read and edited from the warning.
    await warning.getByText('Summary instructions').click();
    await expect(warning.getByRole('textbox', { name: 'For each part' })).toHaveValue(/one part at a time/);

    // Long enough for the checks between the part-2 request and the Stop click, on a loaded machine too.
    server.setOptions({ firstByteDelayMs: 5_000 });
    await warning.getByRole('button', { name: 'Start a new chat from a summary' }).click();
    const progress = page.getByRole('progressbar', { name: 'Summary progress' });
    await expect(progress).toBeVisible();
    // A new chat: the summary's request, then its answer; the earlier chat stays as it was.
    const chats = page.getByRole('navigation', { name: 'Chats' });
    const title = 'Summary of the conversation “Talk at length about 1.”';
    await expect(chats.getByRole('button', { name: title, exact: true })).toBeVisible();
    await expect(log(page).locator('[data-role="user"]')).toHaveCount(1);
    await expect(log(page).locator('[data-role="user"]')).toContainText(title);

    // Stop at step 2: the part-2 request is waiting at the server.
    await server.waitForRequest((r) => r.path === '/api/chat' && partOf(r.body) === 2, 20_000);
    await expect(progress).toHaveAttribute('aria-valuenow', '1');
    const total = Number(await progress.getAttribute('aria-valuemax'));
    expect(total).toBeGreaterThanOrEqual(3);
    await expect(progress).toHaveAttribute('aria-valuetext', `Chunk 2 of ${total}`);
    await expect(page.getByText(/elapsed/)).toBeVisible();
    await page.getByRole('button', { name: 'Stop summary' }).click();
    await expect(progress).toBeHidden();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
    await expect(lastAnswer(page)).toContainText(`Summary through part 1 of ${total}.`);
    await expect(page.getByText(`Summary stopped after chunk 1 of ${total}.`)).toBeVisible();
    expect(await progressSteps(page)).toEqual([0, 1]);

    await page.reload();
    await expect(lastAnswer(page)).toContainText(`Summary through part 1 of ${total}.`);
    server.setOptions({ firstByteDelayMs: 0 });
    await page.getByRole('button', { name: 'Resume summary' }).click();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    const summary = `Final summary. Summary through part ${total} of ${total}.`;
    await expect(lastAnswer(page)).toContainText(summary);
    await expect(progress).toBeHidden();
    expect(await progressSteps(page)).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    // n requests, each within the window, every part once; the last one is the formatting pass.
    const requests = chatRequests(server).slice(before);
    for (const r of requests) expect(requestTokens(r.body)).toBeLessThanOrEqual(WINDOW);
    const finished = requests.filter((r) => !r.closedEarly && partOf(r.body) > 0).map((r) => partOf(r.body));
    expect(finished).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const parts = requests.map(
      (r) => (r.body as { messages: { content: string }[] }).messages.at(-1)!.content,
    );
    // The parts carry the conversation, the later ones the summary so far.
    expect(parts[0]).toContain('## User\n\nTalk at length about 1.');
    expect(parts.some((p) => p.includes('<summary_so_far>'))).toBe(true);
    const final = requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(final.messages[0]!.content).toMatch(/^Format this summary/);

    // The summary is an answer like any other: copied, and the chat goes on from it.
    await expect(lastAnswer(page).getByRole('button', { name: 'Copy message' })).toBeVisible();
    await ask(page, 'And then?');
    await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(2);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const next = chatRequests(server).at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(next.messages.find((x) => x.role === 'assistant')?.content).toBe(summary);
    expect(next.messages.map((x) => x.content).join('\n')).not.toContain('Talk at length about 2');
    expect(requestTokens(next)).toBeLessThan(WINDOW);

    // The earlier chat is still there, whole.
    await chats.getByRole('button', { name: 'Talk at length about 1.', exact: true }).click();
    await expect(log(page).locator('[data-role]')).toHaveCount(4);
  });

  test('after sending anyway, later questions in that chat do not ask again', async ({ page }) => {
    await openSmall(page, server);
    await ask(page, 'Talk at length about 3, the mill.');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await ask(page, 'Talk at length about 4, the bridge.');
    await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(2);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('One more thing.');
    await expect(composerWarning(page)).toContainText('will not fit');
    await composerWarning(page).getByRole('button', { name: 'Send anyway' }).click();
    await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(3);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

    await box.fill('And another.');
    // Still over (the meter says so) but the choice was made: no warning, Send works.
    await expect(page.getByRole('meter', { name: 'Context' })).toHaveClass(/over/);
    await expect(composerWarning(page)).toHaveCount(0);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(4);
  });
});
