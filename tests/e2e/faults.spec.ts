import { ask, expect, lastAnswer, openApp, settledText, test } from './fixtures';

// Bad things a server does, seen from the chat: each gets a clear message and nothing is lost.

test('a server that dies mid-answer: the text so far is kept and the alert says the connection was lost', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 50 });
  await openApp(page, ollama);
  ollama.fault({ kind: 'drop', afterTokens: 8 });
  await ask(page, 'tell me something');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  // What arrived before the connection died is kept (how much of the 8 tokens the browser hands
  // over before it reports the broken stream varies: on a loaded machine, only the first).
  const body = lastAnswer(page).locator('.body');
  await expect(body).toContainText('You');
  // The last text before the failure is rendered a frame or two after the status changes (the
  // lexer answers from its worker): read what is kept once the answer has stopped changing.
  const kept = await settledText(body);
  await expect(page.getByRole('alert')).toContainText(/connection|lost|ended/i);
  await page.reload();
  await expect(lastAnswer(page).locator('.body')).toHaveText(kept);
});

test('an error line in the middle of the stream keeps the text and shows the server’s words', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 50 });
  await openApp(page, ollama);
  ollama.fault({ kind: 'midstream-error', afterTokens: 6, message: 'out of memory while decoding' });
  await ask(page, 'go on');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  await expect(lastAnswer(page)).toContainText('You said');
  await expect(page.getByRole('alert')).toContainText('out of memory while decoding');
});

for (const [fault, expected] of [
  [{ kind: 'html502' }, /502|proxy|gateway/i],
  [{ kind: 'status', status: 503 }, /busy/i],
  [{ kind: 'status', status: 500 }, /unexpectedly stopped/i],
] as const) {
  test(`a ${'status' in fault ? fault.status : 'proxy 502 page'} answer is explained, and the next question works`, async ({
    page,
    ollama,
  }) => {
    ollama.setOptions({ rate: 0 });
    await openApp(page, ollama);
    ollama.fault(fault);
    await ask(page, 'first');
    await expect(page.getByRole('alert')).toContainText(expected);
    await expect(page.getByRole('alert')).not.toContainText('<html');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
    await ask(page, 'second');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await expect(page.getByRole('alert')).toBeEmpty();
  });
}

test('a model that was removed from the server says so', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  ollama.setOptions({ models: [] });
  await ask(page, 'are you there?');
  await expect(page.getByRole('alert')).toContainText('llama3.2:latest');
  await expect(page.getByRole('alert')).toContainText('is not on this server');
  await expect(page.getByRole('alert')).toContainText('ollama pull llama3.2:latest');
});
