// Another site can load the app in an <iframe> and dress it up (clickjacking: the user types into what
// looks like the other site, or clicks buttons laid over ours). A meta CSP cannot set
// `frame-ancestors` and static hosts such as GitHub Pages send no `X-Frame-Options`, so the page checks
// for itself. Same-origin framing (our own pages) is allowed.

/** True when some window above this one belongs to another origin. */
export function isFramedByOtherOrigin(win: Pick<Window, 'self' | 'top' | 'location'>): boolean {
  let top: Window | null;
  try {
    top = win.top;
  } catch {
    return true;
  }
  if (!top || top === win.self) return false;
  // Chromium and WebKit list every ancestor's origin, including a foreign one between us and the top.
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && Array.from(ancestors).some((o) => o !== win.location.origin)) return true;
  try {
    // Reading a foreign window's location throws.
    return top.location.origin !== win.location.origin;
  } catch {
    return true;
  }
}
