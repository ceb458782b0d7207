// The opt-in cross-origin isolation worker (Settings of "This browser" → "Use every CPU core").
// It only hosts ./coi.js; see the README ("Running models in the page") for the trade-offs.
/* global importScripts */
importScripts('./coi.js');

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const response = self.causerieIsolation.respond(event);
  if (response) event.respondWith(response);
});
