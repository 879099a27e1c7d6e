// Shared by the docs-site embed tests (embed*.test.mjs) and scripts/bench.mjs:
// the example page's URL, the documented Content-Security-Policy, and a server
// that sends that policy as an HTTP header in front of the static server.
import { createServer, request } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST_DIR } from './harness.mjs';

/** The example docs page, relative to the served build. */
export const EXAMPLE_PATH = 'example/';

/** The Content-Security-Policy the README documents (keep the two equal: a test checks). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

/** Fail early, with the fix, when the build lacks the embed loader. */
export function assertEmbedBuilt(dist = DIST_DIR) {
  for (const f of ['periscope-netpol.js', 'example/index.html']) {
    if (!existsSync(path.join(dist, f))) {
      throw new Error(
        `${path.join(dist, f)} is missing: build with 'trunk build --release' (Trunk.toml's post_build hook runs scripts/embed.mjs), or run 'node scripts/embed.mjs ${dist}'`,
      );
    }
  }
}

/**
 * A reverse proxy in front of `upstream` (a startStaticServer result) that adds
 * `headers` to every response. Returns { url, origin, close }.
 */
export async function startHeaderProxy(upstream, headers) {
  const target = new URL(upstream.origin);
  const server = createServer((req, res) => {
    const up = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, ...headers });
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + new URL(upstream.url).pathname,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
