// Cross-origin isolation for static hosts that cannot send COOP/COEP headers (GitHub Pages, …).
// A plain script so any service worker can host it with importScripts('./coi.js') and call
// `self.causerieIsolation.respond(event)` from its own fetch handler (the offline shell worker can
// share the scope this way). It adds the two headers to this origin's own responses only; requests
// to other origins (the chat servers) pass untouched.
//
// COEP is `credentialless`, not `require-corp`: images and other no-cors resources from other sites
// still load, but without cookies. Browsers without `credentialless` (Safari) do not get isolation;
// they cannot run the in-page engine anyway.
self.causerieIsolation = {
  /** A promise of the response with the headers added, or null to let the request through. */
  respond(event) {
    const request = event.request;
    if (new URL(request.url).origin !== self.location.origin) return null;
    // Chromium throws on this combination outside same-origin mode.
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return null;
    return fetch(request).then((response) => {
      if (response.status === 0 || response.type === 'opaqueredirect') return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'credentialless');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    });
  },
};
