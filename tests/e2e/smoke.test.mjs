// Smoke test of the release build: the app loads from a sub-path, renders the
// values preview for the default environment, and logs no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnv, loadApp, screenshot, describeProblems, TEST_TIMEOUT } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

test('default values preview is a tight ingress-nginx policy', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    const yaml = await loadApp(page, env.url);
    await screenshot(page, 'smoke');

    for (const expected of [
      'networkPolicy:',
      'enabled: true',
      'kubernetes.io/metadata.name: ingress-nginx',
      'cidr: 0.0.0.0/0',
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      'port: 443',
    ]) {
      assert.ok(yaml.includes(expected), `values preview lacks ${JSON.stringify(expected)}:\n${yaml}`);
    }
    // The three RFC 1918 ranges are the `except` list of the 0.0.0.0/0 block.
    assert.match(
      yaml,
      /cidr: 0\.0\.0\.0\/0\s+except:\s+- 10\.0\.0\.0\/8\s+- 172\.16\.0\.0\/12\s+- 192\.168\.0\.0\/16/,
      `0.0.0.0/0 block does not except the RFC 1918 ranges:\n${yaml}`,
    );

    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('assets are served with correct MIME types from a sub-path', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    const wasmTypes = [];
    page.on('response', (res) => {
      if (res.url().endsWith('.wasm')) wasmTypes.push(res.headers()['content-type']);
    });
    await loadApp(page, env.url);
    assert.deepEqual(wasmTypes, ['application/wasm']);
    for (const r of env.server.requests) {
      assert.ok(r.url.startsWith(new URL(env.url).pathname), `request outside the sub-path: ${r.url}`);
    }
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});
