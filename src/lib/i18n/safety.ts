// What the app says about images and framing. Kept apart from transfer.ts, which loads only with
// export/import: these are shown by components of the first screen. The review of imported servers
// (./review.ts) and the notice of a chat from a server not accepted (./foreign.ts) have their own
// modules, loaded with their views.

/** The in-page image viewer. */
export const viewerText = {
  open: (n: number) => `Open image ${n} full size`,
  title: (n: number) => `Image ${n}`,
};

/** Shown instead of the app when another site loads it in a frame. */
export const framedText = {
  title: 'Causerie cannot run inside another site',
  body: 'This page was loaded in a frame by another website. To keep what you type and your servers out of that site’s reach, Causerie does not start here and takes no input.',
  open: 'Open Causerie in its own tab',
};
