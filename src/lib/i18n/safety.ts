// What the app says about imported chats, images and framing. Kept apart from transfer.ts, which
// loads only with export/import: these are shown by components of the first screen. The review of
// imported servers has its own module (./review.ts), loaded with its dialog.

/** The in-page image viewer. */
export const viewerText = {
  open: (n: number) => `Open image ${n} full size`,
  title: (n: number) => `Image ${n}`,
};

/** Shown instead of the composer in a chat whose server was not accepted. */
export const foreignText = {
  title: 'This chat came from another server',
  body: (name: string, address: string) =>
    `It was imported with the server “${name}” (${address}), which you have not accepted, so it is read-only and nothing is sent there.`,
  refused: (name: string, address: string) =>
    `It was imported with the server “${name}” (${address}), which you refused, so it is read-only and nothing is sent there.`,
  review: 'Review imported servers',
};

/** Shown instead of the app when another site loads it in a frame. */
export const framedText = {
  title: 'Causerie cannot run inside another site',
  body: 'This page was loaded in a frame by another website. To keep what you type and your servers out of that site’s reach, Causerie does not start here and takes no input.',
  open: 'Open Causerie in its own tab',
};
