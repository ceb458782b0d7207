// A server that moved to https on the same host and port, as a TLS proxy in front of Ollama does
// when it also answers plain http with a redirect to itself. One port speaks both: a connection
// that opens with a TLS handshake gets https (passed on to `target`), any other gets http, which
// answers CORS preflights and redirects everything else to the https address.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away self-signed certificate for 127.0.0.1 (the browser is told to accept it). */
function selfSigned() {
  const dir = mkdtempSync(join(tmpdir(), 'causerie-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} PlainHit  a request that reached the plain-http side
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} body
 *
 * @param {string} target  the http base URL the https side passes requests on to
 * @param {{ cors?: boolean }} [options]  cors: false, the redirects carry no CORS headers (an nginx
 *                                       `return 301` in its own server block)
 * @returns {Promise<{ httpUrl: string, httpsUrl: string, plainHits: PlainHit[], close(): Promise<void> }>}
 */
export async function startHttpsTwin(target, { cors = true } = {}) {
  const to = new URL(target);
  /** @type {PlainHit[]} */
  const plainHits = [];
  let port = 0;

  const plain = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      plainHits.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (req.method === 'OPTIONS') {
        const asked = req.headers['access-control-request-headers'];
        res.writeHead(204, {
          'access-control-allow-origin': req.headers.origin ?? '*',
          'access-control-allow-methods': 'GET,POST,DELETE,OPTIONS',
          ...(typeof asked === 'string' ? { 'access-control-allow-headers': asked } : {}),
        });
        res.end();
        return;
      }
      res.writeHead(301, {
        location: `https://127.0.0.1:${port}${req.url ?? '/'}`,
        // A proxy that adds its CORS headers to every answer (nginx `add_header … always`).
        ...(cors ? { 'access-control-allow-origin': req.headers.origin ?? '*' } : {}),
      });
      res.end();
    });
  });

  const secure = https.createServer(selfSigned(), (req, res) => {
    const upstream = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  const front = net.createServer((socket) => {
    socket.once('data', (first) => {
      socket.pause();
      socket.unshift(first);
      // 0x16: a TLS record of type handshake (the ClientHello).
      (first[0] === 0x16 ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise((resolve) => front.listen(0, '127.0.0.1', () => resolve(undefined)));
  port = /** @type {import('node:net').AddressInfo} */ (front.address()).port;

  return {
    httpUrl: `http://127.0.0.1:${port}`,
    httpsUrl: `https://127.0.0.1:${port}`,
    plainHits,
    close() {
      plain.closeAllConnections();
      secure.closeAllConnections();
      return new Promise((resolve) => front.close(() => resolve()));
    },
  };
}
