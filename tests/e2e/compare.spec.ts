import { defaultReply, tokenize } from '../fake-ollama/replies.mjs';
import { ask, chatRequests, expect, PREVIEW, startServer, test, withHostConfig } from './fixtures';

test('compare three models on two servers: same server in turn, other server at once; choose one', async ({
  page,
  context,
  ollama,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  ollama.setOptions({ rate: 60 });
  const other = await startServer({ rate: 25 });
  try {
    await withHostConfig(page, {
      servers: [
        { id: 'a', name: 'Server A', baseUrl: ollama.url },
        { id: 'b', name: 'Server B', baseUrl: other.url },
      ],
      defaultServer: 'a',
    });
    await page.goto(PREVIEW);
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const setup = page.getByRole('group', { name: 'Models to compare' });
    const pick = async (server: string, model: string) =>
      setup.locator('.server', { hasText: server }).getByRole('checkbox', { name: model }).check();
    await pick('Server A', 'llama3.2:latest');
    await pick('Server A', 'qwen3:4b');
    await pick('Server B', 'llava:7b');
    await ask(page, 'compare me');

    const comparison = page.getByRole('region', { name: 'Comparison' });
    const columns = comparison.locator('[data-role="assistant"]');
    await expect(columns).toHaveCount(3);
    await expect(columns.filter({ has: page.locator('[data-status="streaming"]') })).toHaveCount(0);
    await expect(comparison.locator('[data-status="done"]')).toHaveCount(3, { timeout: 20_000 });

    // Server A answered its two models one after the other; server B's ran meanwhile.
    const [a1, a2] = chatRequests(ollama);
    const [b1] = chatRequests(other);
    expect(a1 && a2 && b1).toBeTruthy();
    expect(a2!.startedAt).toBeGreaterThanOrEqual(a1!.endedAt!);
    expect(b1!.startedAt).toBeLessThan(a1!.endedAt!);
    expect((a1!.body as { model: string }).model).toBe('llama3.2:latest');

    // The stats shown are the servers' own counts: the scripted reply's tokens, at each server's rate.
    const tokens = tokenize(defaultReply([{ role: 'user', content: 'compare me' }])).length;
    for (const [model, rate] of [
      ['llama3.2:latest', '60.0'],
      ['llava:7b', '25.0'],
    ] as const) {
      const stats = comparison.locator(`[data-model="${model}"] .stats`);
      await expect(stats).toContainText(`${tokens} tokens`);
      await expect(stats).toContainText(`${rate} tok/s`);
    }
    await expect(comparison.locator('[data-model="qwen3:4b"] .stats')).toContainText(
      /\d+ tokens · 60\.0 tok\/s/,
    );
    await expect(comparison.getByRole('img', { name: 'Speed and latency' })).toBeVisible();
    await comparison.getByRole('button', { name: 'Copy as Markdown table' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toContain('| llava:7b | Server B |');

    // After a reload the comparison is still there.
    await page.reload();
    await expect(
      page.getByRole('region', { name: 'Comparison' }).locator('[data-status="done"]'),
    ).toHaveCount(3);

    // Choosing an answer continues the conversation with that model.
    await page
      .getByRole('region', { name: 'Comparison' })
      .locator('[data-model="llava:7b"]')
      .getByRole('button', { name: 'Continue with this answer' })
      .click();
    await expect(page.getByRole('region', { name: 'Comparison' })).toHaveCount(0);
    await expect(page.getByRole('combobox', { name: 'Server' })).toHaveValue('b');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await ask(page, 'follow up');
    await expect(page.locator('[data-role="assistant"]').last()).toHaveAttribute('data-status', 'done', {
      timeout: 15_000,
    });
    const next = chatRequests(other).at(-1)!.body as { model: string; messages: { content: string }[] };
    expect(next.model).toBe('llava:7b');
    expect(next.messages.map((x) => x.content).slice(0, 1)).toEqual(['compare me']);
  } finally {
    await other.close();
  }
});

test('each answer of a comparison has its own Stop', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 15 });
  await page.goto(`${PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('checkbox', { name: 'llama3.2:latest' }).check();
  await page.getByRole('checkbox', { name: 'markdown:latest' }).check();
  await page.getByRole('switch', { name: 'Run at once' }).check();
  await ask(page, 'two at once');
  const comparison = page.getByRole('region', { name: 'Comparison' });
  await expect(comparison.locator('[data-model="markdown:latest"] .body')).not.toBeEmpty();
  await comparison.getByRole('button', { name: 'Stop markdown:latest' }).click();
  await expect(comparison.locator('[data-model="markdown:latest"]')).toHaveAttribute(
    'data-status',
    'stopped',
  );
  await expect(comparison.locator('[data-model="llama3.2:latest"]')).toHaveAttribute('data-status', 'done', {
    timeout: 15_000,
  });
  // Run at once: both requests were in flight together.
  const [x, y] = chatRequests(ollama);
  expect(Math.max(x!.startedAt, y!.startedAt)).toBeLessThan(
    Math.min(x!.endedAt ?? Infinity, y!.endedAt ?? Infinity),
  );
});
