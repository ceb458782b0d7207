// The lexing worker: marked runs here, off the main thread, and answers each message's text with
// the blocks that became final and the tail's change (service.ts). It is created by client.ts
// when the markdown renderer is first needed, from a file of our own origin (CSP `worker-src 'self'`).
import { createLexService, type LexRequest } from './service';

const handle = createLexService();

self.addEventListener('message', (event: MessageEvent<LexRequest>) => {
  let reply;
  try {
    reply = handle(event.data);
  } catch (error) {
    // A lexer bug must not take every message down with it: this one shows as plain text.
    self.postMessage({ id: event.data.id, failed: String(error) });
    return;
  }
  if (reply) self.postMessage(reply);
});
