// Issue 12: Foundry Local. Older builds have no /v1/models and list their models at /openai/models;
// the service takes a new port each time it starts, so a saved address stops answering and the
// user is told how to find the current one.
import { addOpenAiServer, ask, expect, lastAnswer, startServer, test } from './fixtures';

const PHI = 'Phi-4-mini-instruct-generic-cpu';

test('an older Foundry Local lists its models from /openai/models, answers, and a dead port points to “foundry service status”', async ({
  page,
}) => {
  const server = await startServer({ rate: 0, flavor: 'foundry', models: [{ name: PHI }] });
  let isClosed = false;
  try {
    await addOpenAiServer(page, server, 'Foundry Local');
    const picker = page.getByRole('combobox', { name: 'Model' });
    await expect(picker).toBeEnabled();
    await expect(picker).toHaveValue(PHI);
    expect(server.requests.some((r) => r.path === '/openai/models' && r.status === 200)).toBe(true);

    await ask(page, 'hello foundry');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await expect(lastAnswer(page)).toContainText('You said: "hello foundry"');

    // The service restarts on another port: the saved one no longer answers.
    await server.close();
    isClosed = true;
    await ask(page, 'still there?');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Cannot reach');
    await expect(alert.locator('code', { hasText: 'foundry service status' })).toBeVisible();
  } finally {
    if (!isClosed) await server.close();
  }
});
