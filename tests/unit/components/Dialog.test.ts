import { render, screen } from '@testing-library/svelte';
import { createRawSnippet, flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import Dialog from '../../../src/components/Dialog.svelte';
import { notify } from '../../../src/stores/notify.svelte';

const children = createRawSnippet(() => ({ render: () => '<p>Dialog body</p>' }));
const onclose = () => {};

describe('dialog', () => {
  it('opening and closing counts one open dialog, without re-running itself', () => {
    // jsdom's <dialog> may lack the modal API; the count is what is under test.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute('open');
    };
    expect(notify.isDialogOpen).toBe(false);
    const { rerender } = render(Dialog, { open: true, title: 'Settings', onclose, children });
    flushSync();
    expect(screen.getByText('Dialog body')).toBeInTheDocument();
    expect(notify.isDialogOpen).toBe(true);
    void rerender({ open: false, title: 'Settings', onclose, children });
    flushSync();
    expect(notify.isDialogOpen).toBe(false);
  });
});
