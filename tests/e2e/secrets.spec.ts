// Secrets stay with their server: a login in a link is not stored in clear, and a profile moved to
// another host does not take its key along (issue 11, points 5 and 6).
import type { Page } from '@playwright/test';
import { expect, PREVIEW, startServer, test } from './fixtures';

/** Everything the page stored about servers, as text. */
const storedServers = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('causerie-servers');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('servers').objectStore('servers').getAll();
          req.onsuccess = () => {
            resolve(JSON.stringify(req.result));
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

test('a ?server= link with a login works, and the password is kept neither in storage nor in the address', async ({
  page,
}) => {
  const server = await startServer({ rate: 0, basicAuth: { username: 'bob', password: 'Pa55-word' } });
  try {
    const withLogin = server.url.replace('http://', 'http://bob:Pa55-word@');
    await page.goto(`${PREVIEW}?server=${encodeURIComponent(withLogin)}`);
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    expect(page.url()).not.toContain('Pa55');
    expect(await storedServers(page)).not.toContain('Pa55-word');
    await page.getByRole('button', { name: 'Servers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Servers' });
    await expect(dialog).toContainText(server.url);
    await expect(dialog).not.toContainText('Pa55');
    // After a reload the password is asked for, not read back from storage.
    await page.reload();
    await expect(page.getByRole('dialog', { name: /Sign in/ })).toBeVisible();
  } finally {
    await server.close();
  }
});

test('moving a server to another address does not send its key there, and asks for one', async ({ page }) => {
  const first = await startServer({ rate: 0, bearer: 'sk-course-key' });
  const other = await startServer({ rate: 0 });
  try {
    await page.goto(PREVIEW);
    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByLabel('Name').fill('Course');
    await page.getByLabel('Base URL').fill(first.url);
    await page.getByLabel('Authentication').selectOption('bearer');
    await page.getByLabel('API key', { exact: true }).fill('sk-course-key');
    await page.getByRole('checkbox', { name: /Remember secrets/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog', { name: 'Servers' }).getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    expect(first.requests.some((r) => r.headers.authorization === 'Bearer sk-course-key')).toBe(true);

    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Edit Course' }).click();
    await page.getByLabel('Base URL').fill(other.url);
    await page.getByRole('button', { name: 'Save' }).click();
    // The key is asked for again at once, for the new address.
    const signIn = page.getByRole('dialog', { name: /Sign in/ });
    await expect(signIn).toBeVisible();
    await expect(signIn).toContainText(other.url);
    expect(other.requests.filter((r) => (r.headers.authorization ?? '').includes('sk-course-key'))).toEqual(
      [],
    );
    expect(await storedServers(page)).not.toContain('sk-course-key');
  } finally {
    await first.close();
    await other.close();
  }
});
