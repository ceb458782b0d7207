import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import UpdateNotice from '../../../src/components/UpdateNotice.svelte';
import { noticeRegion } from '../../../src/lib/pwa/register';
import { updates } from '../../../src/stores/update.svelte';

/** A new build's worker, installed and waiting; records what the page tells it. */
class Waiting extends EventTarget {
  state: ServiceWorkerState = 'installed';
  messages: unknown[] = [];
  postMessage(data: unknown) {
    this.messages.push(data);
  }
  become(state: ServiceWorkerState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}
const waiting = () => new Waiting() as Waiting & ServiceWorker;

/** Nothing shown in the region (Svelte's place-holding comment aside). */
function expectEmpty(region: HTMLElement) {
  expect(region.children).toHaveLength(0);
  expect(region.textContent).toBe('');
}

/** The notice in its live region, as lib/pwa/register.ts puts it in the page. */
const renderNotice = () => render(UpdateNotice, { target: noticeRegion(document) });

describe('update notice', () => {
  it('offers Reload when a new version waits, and Later puts it away until a newer one', async () => {
    renderNotice();
    const status = screen.getByRole('status');
    expectEmpty(status);

    const first = waiting();
    updates.offer(first);
    flushSync();
    const notice = screen.getByRole('region', { name: 'New version' });
    expect(notice).toHaveTextContent('A new version is ready');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeEnabled();
    // Nothing was activated behind the user's back.
    expect(first.messages).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('region', { name: 'New version' })).toBeNull();

    updates.offer(waiting());
    flushSync();
    expect(screen.getByRole('region', { name: 'New version' })).toBeInTheDocument();
  });

  it('says so when the new version fails to start, and keeps the page as it is', async () => {
    renderNotice();
    const worker = waiting();
    updates.offer(worker);
    flushSync();
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(worker.messages).toEqual([{ type: 'skip-waiting' }]);
    expect(screen.getByRole('button', { name: 'Reloading…' })).toBeDisabled();
    worker.become('redundant');
    await expect
      .poll(() => screen.getByRole('status').textContent)
      .toContain('The new version could not be installed');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expectEmpty(screen.getByRole('status'));
  });
});
