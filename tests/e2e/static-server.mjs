// A tiny static file server for the built site (dist/), with no dependencies.
//
// As a module: `const srv = await startStaticServer({ root, base })` then
// `srv.url` (e.g. http://127.0.0.1:41234/periscope/) and `await srv.close()`.
// From the shell: `node tests/e2e/static-server.mjs [root=dist] [port=8080]`.
//
// Listens on 127.0.0.1 only. `base` mounts the site under a sub-path, which
// checks that the build uses relative asset URLs.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function normalizeBase(base) {
  let b = base || '/';
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

/**
 * Start serving `root` on 127.0.0.1.
 * @param {{root?: string, base?: string, port?: number, host?: string, log?: boolean}} opts
 * @returns {Promise<{url: string, origin: string, port: number, requests: {method: string, url: string, status: number}[], close: () => Promise<void>}>}
 */
export async function startStaticServer({ root = 'dist', base = '/', port = 0, host = '127.0.0.1', log = false } = {}) {
  const rootDir = path.resolve(root);
  const rootStat = await stat(rootDir).catch(() => null);
  if (!rootStat?.isDirectory()) {
    throw new Error(`static server: ${rootDir} is not a directory (run 'trunk build --release' first)`);
  }
  const mount = normalizeBase(base);
  const requests = [];

  const server = createServer(async (req, res) => {
    const done = (status, headers = {}, body = '') => {
      requests.push({ method: req.method, url: req.url, status });
      if (log) console.log(`${status} ${req.method} ${req.url}`);
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return done(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed\n');
      }
      const { pathname } = new URL(req.url, 'http://localhost');
      let decoded;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        return done(400, { 'Content-Type': 'text/plain' }, 'bad request\n');
      }
      if (`${decoded}/` === mount) {
        return done(301, { Location: mount });
      }
      if (!decoded.startsWith(mount) || decoded.includes('\0')) {
        return done(404, { 'Content-Type': 'text/plain' }, 'not found\n');
      }
      let file = path.join(rootDir, decoded.slice(mount.length));
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
        return done(403, { 'Content-Type': 'text/plain' }, 'forbidden\n');
      }
      let st = await stat(file).catch(() => null);
      if (st?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          return done(301, { Location: `${pathname}/` });
        }
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st?.isFile()) {
        return done(404, { 'Content-Type': 'text/plain' }, 'not found\n');
      }
      requests.push({ method: req.method, url: req.url, status: 200 });
      if (log) console.log(`200 ${req.method} ${req.url}`);
      res.writeHead(200, {
        'Content-Type': mimeType(file),
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch (err) {
      done(500, { 'Content-Type': 'text/plain' }, `internal error: ${err}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const origin = `http://${host}:${actualPort}`;
  return {
    origin,
    url: `${origin}${mount}`,
    port: actualPort,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// CLI: node tests/e2e/static-server.mjs [root] [port]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const srv = await startStaticServer({ root, port, log: true });
  console.log(`serving ${path.resolve(root)} at ${srv.url}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
