// A second loopback server that only counts what reaches it: the "other address" a hostile server
// redirects to. It lets every origin and every header in, so a client that follows a redirect
// really delivers its headers and body here, where a test can see them.
import http from 'node:http';

/**
 * @typedef {object} Hit
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[] | undefined>} headers  lower-case keys
 * @property {string} body
 *
 * @typedef {object} HitCounter
 * @property {string} url
 * @property {number} port
 * @property {Hit[]} hits
 * @property {() => Promise<void>} close
 */

/** @param {{ port?: number, host?: string }} [options] @returns {Promise<HitCounter>} */
export async function startHitCounter(options = {}) {
  /** @type {Hit[]} */
  const hits = [];
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://hits').pathname,
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const asked = req.headers['access-control-request-headers'];
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET,POST,DELETE,OPTIONS',
        ...(typeof asked === 'string' ? { 'access-control-allow-headers': asked } : {}),
        'content-type': 'application/json',
      });
      res.end(req.method === 'OPTIONS' ? undefined : '{"version":"0.0.0","models":[]}');
    });
  });
  await new Promise((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined)),
  );
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
